package io.jasyncio.web;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** 405 Method Not Allowed with the {@code Allow} header: aiohttp's {@code web.HTTPMethodNotAllowed}. */
public class HTTPMethodNotAllowed extends HTTPException {
    private final String method;
    private final List<String> allowed;

    /** {@code method} is not allowed on the resource, which allows {@code allowed}. */
    public HTTPMethodNotAllowed(String method, Set<String> allowed) {
        super(405, null, "405: Method Not Allowed");
        this.method = method;
        this.allowed = List.copyOf(new TreeSet<>(allowed));
        headers().add("Allow", String.join(",", this.allowed));
    }

    /** The refused method. */
    public String method() {
        return method;
    }

    /** The methods the resource allows, sorted. */
    public List<String> allowedMethods() {
        return allowed;
    }
}
