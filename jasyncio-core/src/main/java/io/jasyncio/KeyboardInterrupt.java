package io.jasyncio;

/**
 * Raised by {@link Runner#run} after a Ctrl-C (SIGINT) cancelled the main task, as Python raises
 * {@code KeyboardInterrupt} from {@code asyncio.run}.
 *
 * <p>It extends {@link Error} because Python's {@code KeyboardInterrupt} is a
 * {@code BaseException}: a generic {@code catch (Exception e)} must not swallow it.
 */
public class KeyboardInterrupt extends Error {
    private static final long serialVersionUID = 1L;

    /** An interrupt with the given message. */
    public KeyboardInterrupt(String message) {
        super(message);
    }
}
