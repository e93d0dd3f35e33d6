package io.jasyncio.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code trust_env=True} takes from the environment, as aiohttp 3.9+ does through urllib's
 * {@code getproxies()}/{@code proxy_bypass()} and {@code netrc}: the {@code http_proxy} and
 * {@code https_proxy} variables (lower case wins over upper case; {@code HTTP_PROXY} is ignored
 * when {@code REQUEST_METHOD} is set, as in a CGI script), {@code no_proxy} hosts, and the
 * {@code .netrc} file ({@code NETRC}, else {@code ~/.netrc}) for proxy and server credentials.
 * An {@code https://} proxy is ignored with a warning, as aiohttp does. Immutable.
 */
final class TrustEnv {
    record ProxyInfo(URI proxy, BasicAuth auth) {}

    private static final System.Logger LOG = System.getLogger(TrustEnv.class.getName());

    private final Map<String, ProxyInfo> proxies;
    private final List<String> noProxy;
    private final Netrc netrc;

    private TrustEnv(Map<String, ProxyInfo> proxies, List<String> noProxy, Netrc netrc) {
        this.proxies = proxies;
        this.noProxy = noProxy;
        this.netrc = netrc;
    }

    /** Reads the variables and the netrc file: blocking file I/O, so run it off the loop. */
    static TrustEnv load(Map<String, String> env) {
        Netrc netrc = readNetrc(env);
        Map<String, ProxyInfo> proxies = new HashMap<>();
        for (String scheme : List.of("http", "https")) {
            String value = variable(env, scheme + "_proxy", !(scheme.equals("http") && env.containsKey("REQUEST_METHOD")));
            if (value == null) {
                continue;
            }
            URI u;
            try {
                u = URI.create(value.contains("://") ? value : "http://" + value);
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, scheme + "_proxy is not a URL, ignored: " + value);
                continue;
            }
            if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                LOG.log(System.Logger.Level.WARNING, u.getScheme() + " proxies " + value + " are not supported, ignoring");
                continue;
            }
            BasicAuth auth = null;
            if (u.getRawUserInfo() != null) {
                String info = u.getUserInfo();
                int colon = info.indexOf(':');
                auth = colon < 0 ? new BasicAuth(info, "") : new BasicAuth(info.substring(0, colon), info.substring(colon + 1));
                u = URI.create(u.getScheme() + "://" + u.getRawAuthority().substring(u.getRawAuthority().indexOf('@') + 1));
            } else if (netrc != null && netrc.lookup(u.getHost()) != null) {
                auth = netrc.lookup(u.getHost()).basicAuth();
            }
            proxies.put(scheme, new ProxyInfo(u, auth));
        }
        List<String> noProxy = new ArrayList<>();
        String no = variable(env, "no_proxy", true);
        if (no != null) {
            for (String name : no.split(",")) {
                String n = name.strip();
                if (!n.isEmpty()) {
                    noProxy.add(n);
                }
            }
        }
        return new TrustEnv(Map.copyOf(proxies), List.copyOf(noProxy), netrc);
    }

    /**
     * The proxy a request to {@code url} goes through, and its credentials: the given ones, or
     * with {@code env} (trust_env on) and no proxy given, the environment's; puts the host's netrc
     * credentials in {@code headers} when they have no {@code Authorization}.
     */
    static ProxyInfo route(TrustEnv env, URI url, io.jasyncio.http.Headers headers, URI proxy, BasicAuth proxyAuth) {
        if (env == null) {
            return new ProxyInfo(proxy, proxyAuth);
        }
        BasicAuth netrc = headers.get("Authorization") == null ? env.authFor(url.getHost()) : null;
        if (netrc != null) {
            headers.set("Authorization", netrc.encode());
        }
        ProxyInfo fromEnv = proxy == null ? env.proxyFor(url) : null;
        return fromEnv != null ? fromEnv : new ProxyInfo(proxy, proxyAuth);
    }

    /** The proxy for {@code url} (its scheme's variable), or null when there is none or {@code no_proxy} names the host. */
    ProxyInfo proxyFor(URI url) {
        if (bypassed(url.getHost())) {
            return null;
        }
        return proxies.get(url.getScheme().toLowerCase(Locale.ROOT));
    }

    /** The netrc credentials for {@code host} (its machine entry, else the default one), or null. */
    BasicAuth authFor(String host) {
        Netrc.Entry e = netrc == null ? null : netrc.lookup(host);
        return e == null ? null : e.basicAuth();
    }

    /** urllib's {@code proxy_bypass_environment}: {@code *}, the host itself, or a domain it is under. */
    private boolean bypassed(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String name = entry.replaceFirst("^\\.+", "").toLowerCase(Locale.ROOT);
            if (h.equals(name) || h.endsWith("." + name)) {
                return true;
            }
        }
        return false;
    }

    /** {@code name} in lower case, else in upper case when {@code upperAllowed}; empty counts as unset. */
    private static String variable(Map<String, String> env, String name, boolean upperAllowed) {
        String v = env.get(name);
        if ((v == null || v.isBlank()) && upperAllowed) {
            v = env.get(name.toUpperCase(Locale.ROOT));
        }
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** aiohttp's {@code netrc_from_env}: a missing file is no netrc, one that does not parse is a warning and no netrc. */
    private static Netrc readNetrc(Map<String, String> env) {
        String explicit = env.get("NETRC");
        Path path;
        if (explicit != null) {
            path = Path.of(explicit);
        } else {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            if (home == null) {
                return null;
            }
            path = Path.of(home, ".netrc");
        }
        try {
            return Netrc.parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not read .netrc file " + path + ": " + e.getMessage());
            return null;
        }
    }
}
