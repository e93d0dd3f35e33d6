package io.jasyncio.client;

import io.jasyncio.http.MultiDict;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code Link} headers the way aiohttp's {@code ClientResponse.links} does. */
final class LinkHeader {
    // aiohttp splits on a comma followed by "<", then takes "<url>" and ";"-separated key=value params
    private static final Pattern SPLIT = Pattern.compile(",(?=\\s*<)");
    private static final Pattern LINK = Pattern.compile("\\s*<(.*)>(.*)", Pattern.DOTALL);
    private static final Pattern PARAM = Pattern.compile("^\\s*(\\S*)\\s*=\\s*(['\"]?)(.*?)(\\2)\\s*$", Pattern.DOTALL);

    private LinkHeader() {}

    /**
     * The links of every {@code Link} header value, keyed by their {@code rel} (or by the target
     * as written when there is none); targets resolve against {@code base}. A value that is not
     * {@code <url>...} is skipped, as aiohttp does; a target that is no URI is skipped too.
     */
    static MultiDict<Link> parse(List<String> values, URI base) {
        MultiDict<Link> links = new MultiDict<>();
        for (String header : values) {
            for (String value : SPLIT.split(header)) {
                Matcher m = LINK.matcher(value);
                if (!m.matches()) {
                    continue;
                }
                String target = m.group(1);
                Map<String, String> params = new LinkedHashMap<>();
                String[] parts = m.group(2).split(";", -1);
                for (int i = 1; i < parts.length; i++) {
                    Matcher p = PARAM.matcher(parts[i]);
                    if (p.matches()) {
                        params.putIfAbsent(p.group(1), p.group(3));
                    }
                }
                URI url;
                try {
                    url = base.resolve(new URI(target.trim()));
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    continue;
                }
                String key = params.getOrDefault("rel", target);
                links.add(key, new Link(url, params));
            }
        }
        return links.readOnly();
    }
}
