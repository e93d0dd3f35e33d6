package io.jasyncio.http.internal.ws;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The permessage-deflate extension's negotiation (RFC 7692 §7.1), both sides: which offer the
 * server accepts and what it answers, and what the client makes of that answer. aiohttp's
 * {@code ws_ext_parse}/{@code ws_ext_gen}, stricter where the RFC says an offer must be declined
 * (unknown or repeated parameters).
 *
 * <p>What we send is always compressed without context takeover (each message alone, so memory
 * per connection stays flat), so the server always answers {@code server_no_context_takeover};
 * what we receive is inflated with the context kept, which decodes either kind of peer. A window
 * smaller than 15 bits asked of our side ({@code server_max_window_bits} of the server,
 * {@code client_max_window_bits} of the client) is honoured by {@link WsFrameWriter}: the JDK's
 * Deflater always uses 15 bits, so a message longer than the window is sent Huffman-only (no
 * back-references at all), a shorter one cannot reach further back than its own length.
 *
 * @param sendWindowBits the LZ77 window our side may use, 8..15
 * @param response the server's {@code Sec-WebSocket-Extensions} answer (server side; null on the client)
 */
public record PermessageDeflate(int sendWindowBits, String response) {
    /** The client's offer: we accept any window the server asks of us, and keep no context. */
    public static final String CLIENT_OFFER =
            "permessage-deflate; client_max_window_bits; server_no_context_takeover; client_no_context_takeover";

    /**
     * The first acceptable permessage-deflate offer among the request's
     * {@code Sec-WebSocket-Extensions} values, or null to go without compression. An offer with
     * an unknown or repeated parameter, or a {@code server_max_window_bits} outside 9..15 (zlib
     * has no 8-bit window; aiohttp declines it too), is declined and the next one tried.
     */
    public static PermessageDeflate acceptOffer(Iterable<String> headerValues) {
        for (String header : headerValues) {
            for (String offer : header.split(",")) {
                String[] params = offer.split(";");
                if (!params[0].trim().equalsIgnoreCase("permessage-deflate")) {
                    continue;
                }
                PermessageDeflate accepted = accept(params);
                if (accepted != null) {
                    return accepted;
                }
            }
        }
        return null;
    }

    private static PermessageDeflate accept(String[] params) {
        int serverBits = 15;
        boolean clientNoTakeover = false;
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < params.length; i++) {
            String name = paramName(params[i]);
            String value = paramValue(params[i]);
            if (!seen.add(name)) {
                return null;
            }
            switch (name) {
                case "server_no_context_takeover" -> {
                    if (value != null) {
                        return null;
                    }
                }
                case "client_no_context_takeover" -> {
                    if (value != null) {
                        return null;
                    }
                    clientNoTakeover = true;
                }
                case "server_max_window_bits" -> {
                    serverBits = bits(value);
                    if (serverBits < 9) {
                        return null;
                    }
                }
                case "client_max_window_bits" -> {
                    // a hint that the client can limit its window; we inflate any window, so we ask no limit
                    if (value != null && bits(value) < 8) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        String response = "permessage-deflate; server_no_context_takeover"
                + (clientNoTakeover ? "; client_no_context_takeover" : "")
                + (serverBits < 15 ? "; server_max_window_bits=" + serverBits : "");
        return new PermessageDeflate(serverBits, response);
    }

    /**
     * What the client makes of the server's {@code Sec-WebSocket-Extensions} answer to
     * {@link #CLIENT_OFFER}: null when the server did not enable compression.
     *
     * @throws IllegalArgumentException naming what is wrong: another extension, an unknown or
     *     repeated parameter, or a window outside 8..15 (aiohttp: "Invalid window size")
     */
    public static PermessageDeflate parseResponse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String[] extensions = header.split(",");
        if (extensions.length > 1) {
            throw new IllegalArgumentException("the server enabled more than one extension: " + header);
        }
        String[] params = extensions[0].split(";");
        if (!params[0].trim().equalsIgnoreCase("permessage-deflate")) {
            throw new IllegalArgumentException("the server enabled an extension that was not offered: " + header);
        }
        int clientBits = 15;
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < params.length; i++) {
            String name = paramName(params[i]);
            String value = paramValue(params[i]);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("a repeated permessage-deflate parameter: " + header);
            }
            switch (name) {
                case "server_no_context_takeover", "client_no_context_takeover" -> {
                    if (value != null) {
                        throw new IllegalArgumentException("permessage-deflate's " + name + " takes no value: " + header);
                    }
                }
                case "server_max_window_bits", "client_max_window_bits" -> {
                    int bits = bits(value);
                    if (bits < 8) {
                        throw new IllegalArgumentException("Invalid window size: " + header);
                    }
                    if (name.equals("client_max_window_bits")) {
                        clientBits = bits;
                    }
                }
                default -> throw new IllegalArgumentException("an unknown permessage-deflate parameter: " + header);
            }
        }
        return new PermessageDeflate(clientBits, null);
    }

    private static String paramName(String param) {
        int eq = param.indexOf('=');
        return (eq < 0 ? param : param.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
    }

    private static String paramValue(String param) {
        int eq = param.indexOf('=');
        if (eq < 0) {
            return null;
        }
        String v = param.substring(eq + 1).trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** A window size 8..15, or -1 when missing or not one. */
    private static int bits(String value) {
        if (value == null || value.length() > 2 || value.isEmpty() || !value.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int bits = Integer.parseInt(value);
        return bits >= 8 && bits <= 15 ? bits : -1;
    }
}
