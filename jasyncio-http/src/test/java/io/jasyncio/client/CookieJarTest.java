package io.jasyncio.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** RFC 6265's domain and path rules, as aiohttp's CookieJar applies them. */
class CookieJarTest {
    private static URI u(String s) {
        return URI.create(s);
    }

    @Test
    void aHostOnlyCookieGoesBackToItsHostOnly() {
        CookieJar jar = CookieJar.create();
        jar.update(u("http://example.com/"), "a=1");
        assertEquals("a=1", jar.headerFor(u("http://example.com/x")));
        assertNull(jar.headerFor(u("http://sub.example.com/")));
        assertNull(jar.headerFor(u("http://other.com/")));
    }

    @Test
    void aDomainCookieGoesToSubdomainsAndAnotherDomainIsRefused() {
        CookieJar jar = CookieJar.create();
        jar.update(u("http://www.example.com/"), "a=1; Domain=example.com");
        jar.update(u("http://www.example.com/"), "evil=1; Domain=attacker.com");
        assertEquals(1, jar.size());
        assertEquals("a=1", jar.headerFor(u("http://api.example.com/")));
    }

    @Test
    void pathsSecureAndExpiry() {
        CookieJar jar = CookieJar.create();
        jar.update(u("http://h/docs/page"), "p=1"); // default path: /docs
        jar.update(u("http://h/"), "s=1; Secure");
        jar.update(u("http://h/"), "old=1; Max-Age=0");
        assertNull(jar.headerFor(u("http://h/other")));
        assertEquals("p=1", jar.headerFor(u("http://h/docs/x")));
        assertNull(jar.headerFor(u("http://h/docsx")));
        assertEquals("s=1", jar.headerFor(u("https://h/")));
        assertEquals(2, jar.size());
        jar.update(u("http://h/docs/page"), "p=2");
        assertEquals("p=2", jar.headerFor(u("http://h/docs/x")));
        jar.clear();
        assertEquals(0, jar.size());
    }

    @Test
    void theDummyJarKeepsNothing() {
        CookieJar jar = CookieJar.dummy();
        assertEquals(1, jar.update(u("http://h/"), "a=1").size());
        assertEquals(0, jar.size());
        assertNull(jar.headerFor(u("http://h/")));
    }
}
