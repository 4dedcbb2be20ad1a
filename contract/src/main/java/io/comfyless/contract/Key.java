package io.comfyless.contract;

/** One key attribute of a table or index: its name and scalar type. */
public record Key(String name, KeyType type) {

    public static Key string(String name) {
        return new Key(name, KeyType.S);
    }

    public static Key number(String name) {
        return new Key(name, KeyType.N);
    }
}
