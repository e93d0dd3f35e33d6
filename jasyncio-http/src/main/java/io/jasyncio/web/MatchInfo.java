package io.jasyncio.web;

import java.util.List;
import java.util.Map;

/**
 * What routing found for a request: the path parameters, the route's name, and the chain of
 * applications (the root one first, then sub-applications): aiohttp's {@code UrlMappingMatchInfo}.
 *
 * <p>Immutable.
 */
public final class MatchInfo {
    private final Map<String, String> params;
    private final String routeName;
    private final List<Application> apps;
    final Handler handler;

    MatchInfo(Map<String, String> params, String routeName, List<Application> apps, Handler handler) {
        this.params = Map.copyOf(params);
        this.routeName = routeName;
        this.apps = List.copyOf(apps);
        this.handler = handler;
    }

    /** The path parameter {@code name} (percent-decoded), or null: {@code match_info["id"]}. */
    public String get(String name) {
        return params.get(name);
    }

    /** Every path parameter. */
    public Map<String, String> params() {
        return params;
    }

    /** The matched route's name, or null (unnamed, or no route matched). */
    public String routeName() {
        return routeName;
    }

    /** The applications the request went through, the root first. */
    public List<Application> apps() {
        return apps;
    }

    @Override
    public String toString() {
        return "MatchInfo" + params + (routeName == null ? "" : " route " + routeName);
    }
}
