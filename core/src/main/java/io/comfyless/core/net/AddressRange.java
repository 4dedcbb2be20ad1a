package io.comfyless.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** A CIDR block, such as {@code 10.0.0.0/8} or {@code fc00::/7}, and what it is for. */
record AddressRange(byte[] prefix, int bits, String what) {

    static AddressRange of(String cidr, String what) {
        int slash = cidr.indexOf('/');
        try {
            byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            return new AddressRange(prefix, Integer.parseInt(cidr.substring(slash + 1)), what);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an address range: " + cidr, e);
        }
    }

    /** Ranges written one a line: the CIDR block, then (after white space) what it is for. */
    static List<AddressRange> table(String rows) {
        return rows.lines()
                .map(String::strip)
                .filter(row -> !row.isEmpty())
                .map(row -> row.split("\\s+", 2))
                .map(cells -> of(cells[0], cells[1]))
                .toList();
    }

    boolean contains(byte[] address) {
        if (address.length != prefix.length) {
            return false;
        }
        int whole = bits / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[whole] & mask) == (prefix[whole] & mask);
    }
}
