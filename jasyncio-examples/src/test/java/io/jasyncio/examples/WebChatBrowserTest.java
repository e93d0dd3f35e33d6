package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.web.AppRunner;
import io.jasyncio.web.TcpSite;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The web-chat example in a real browser: two tabs of headless Chromium open the chat page served
 * on 127.0.0.1, each types a message into the page's form, and each sees the other's (and the
 * joins and the leave), in order. Every wait is for a condition in the page (a MutationObserver
 * on the message list), bounded by one timeout; no sleeps.
 */
class WebChatBrowserTest {
    /** Resolves with the page's messages as JSON once the list holds at least {@code n} of them. */
    private static String messagesOnce(int n) {
        return """
                new Promise(resolve => {
                  const start = () => {
                    const log = document.getElementById('log');
                    const done = () => {
                      const items = [...log.querySelectorAll('li')].map(li => li.textContent);
                      if (items.length < %d) return false;
                      resolve(JSON.stringify(items));
                      return true;
                    };
                    if (!done()) new MutationObserver((_, o) => { if (done()) o.disconnect(); }).observe(log, {childList: true});
                  };
                  if (document.readyState === 'loading') addEventListener('DOMContentLoaded', start); else start();
                })""".formatted(n);
    }

    /** Types {@code text} into the page's input and presses its Send button. */
    private static String send(String text) {
        return """
                (() => {
                  document.getElementById('msg').value = %s;
                  document.querySelector('#f button').click();
                  return 'sent';
                })()""".formatted("'" + text.replace("'", "\\'") + "'");
    }

    @Test
    void twoBrowserTabsSeeEachOthersMessages() {
        HeadlessChromium.require();
        Asyncio.run(() -> {
            AppRunner runner = new AppRunner(WebChat.app());
            runner.setup();
            TcpSite site = new TcpSite(runner, "127.0.0.1", 0);
            site.start();
            String url = "http://127.0.0.1:" + site.port() + "/";
            try {
                Asyncio.timeout(120, () -> {
                    try (HeadlessChromium browser = HeadlessChromium.launch()) {
                        chat(browser, url);
                    }
                });
            } finally {
                runner.cleanup();
            }
        });
    }

    private static void chat(HeadlessChromium browser, String url) throws IOException {
        String ann = browser.openPage(url);
        assertEquals("[\"guest1 joined\"]", browser.evaluate(ann, messagesOnce(1)), browser.log());
        String bob = browser.openPage(url);
        assertEquals("[\"guest2 joined\"]", browser.evaluate(bob, messagesOnce(1)));
        browser.evaluate(ann, messagesOnce(2));

        assertEquals("sent", browser.evaluate(ann, send("hello from Ann's tab")));
        browser.evaluate(bob, messagesOnce(2));
        browser.evaluate(ann, messagesOnce(3));
        assertEquals("sent", browser.evaluate(bob, send("hi Ann")));
        assertEquals("[\"guest2 joined\",\"guest1: hello from Ann's tab\",\"guest2: hi Ann\"]",
                browser.evaluate(bob, messagesOnce(3)));

        browser.closePage(bob);
        assertEquals("[\"guest1 joined\",\"guest2 joined\",\"guest1: hello from Ann's tab\",\"guest2: hi Ann\",\"guest2 left\"]",
                browser.evaluate(ann, messagesOnce(5)));
    }
}
