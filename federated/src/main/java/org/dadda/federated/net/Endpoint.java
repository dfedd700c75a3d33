package org.dadda.federated.net;

/**
 * Where a server listens or a node connects: {@code HOST:PORT}.
 *
 * @param host host name or address
 * @param port TCP port (0 when listening: any free port)
 */
public record Endpoint(String host, int port) {

    /** Checks the port range. */
    public Endpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("server address has no host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    /**
     * Parses {@code HOST:PORT} ({@code [::1]:PORT} for an IPv6 address).
     *
     * @throws IllegalArgumentException naming the text when it is not of that form
     */
    public static Endpoint parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("server address '" + text + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new Endpoint(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("server address '" + text + "' has no numeric port", e);
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
