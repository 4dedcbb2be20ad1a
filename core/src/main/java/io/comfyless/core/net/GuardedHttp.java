package io.comfyless.core.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * HTTP to URLs a client supplied, through the {@link UrlGuard}: the host is resolved once, checked,
 * and the connection is made to exactly that address, while the URL's host name is still what TLS
 * verifies (SNI, certificate) and what {@code Host} says. Redirects are never followed here: a 3xx
 * is handed back, and a caller that follows it must come back through {@link #get} with the new
 * URL, so every hop is checked. No proxies, cookies or automatic retries.
 */
public final class GuardedHttp {

    private final UrlGuard guard;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    /** @param readTimeout the longest silence while waiting for the answer or reading its body */
    public GuardedHttp(UrlGuard guard, Duration connectTimeout, Duration readTimeout) {
        this.guard = guard;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * @param field the request field the URL came from, named if it is refused
     * @throws io.comfyless.core.error.ValidationException when the guard refuses the URL
     */
    public Response get(String url, String field) throws IOException {
        return get(guard.resolve(url, field));
    }

    /** GETs a URL the guard already checked, from the address it resolved to. */
    public Response get(UrlGuard.CheckedUrl target) throws IOException {
        return execute(target, new HttpGet(target.uri()));
    }

    /** POSTs {@code body} to a URL the guard already checked, at the address it resolved to. */
    public Response post(UrlGuard.CheckedUrl target, Map<String, String> headers, byte[] body, String contentType)
            throws IOException {
        HttpPost post = new HttpPost(target.uri());
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
        return execute(target, post);
    }

    private Response execute(UrlGuard.CheckedUrl target, HttpUriRequestBase request) throws IOException {
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new PinnedResolver(target))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(readTimeout))
                                .build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
        try {
            return new Response(target.uri(), client, client.executeOpen(null, request, null));
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Answers only for the checked host, and only with the checked address. */
    private record PinnedResolver(UrlGuard.CheckedUrl target) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            String expected = target.uri().getHost();
            if (host.equalsIgnoreCase(expected) || ("[" + host + "]").equalsIgnoreCase(expected)) {
                return new InetAddress[] {target.address()};
            }
            throw new UnknownHostException(host + " was not checked by the URL guard");
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }

    /** An answer; closing it releases the connection. */
    public static final class Response implements Closeable {

        private final URI uri;
        private final CloseableHttpClient client;
        private final ClassicHttpResponse response;

        Response(URI uri, CloseableHttpClient client, ClassicHttpResponse response) {
            this.uri = uri;
            this.client = client;
            this.response = response;
        }

        /** The URL that was asked (not a redirect's target). */
        public URI uri() {
            return uri;
        }

        public int status() {
            return response.getCode();
        }

        public Optional<String> header(String name) {
            Header header = response.getFirstHeader(name);
            return header == null ? Optional.empty() : Optional.of(header.getValue());
        }

        public OptionalLong contentLength() {
            long length =
                    response.getEntity() == null ? -1 : response.getEntity().getContentLength();
            return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
        }

        /** The body as it arrives; empty for an answer without one. */
        public InputStream body() throws IOException {
            return response.getEntity() == null
                    ? InputStream.nullInputStream()
                    : response.getEntity().getContent();
        }

        @Override
        public void close() throws IOException {
            try {
                response.close();
            } finally {
                client.close();
            }
        }
    }
}
