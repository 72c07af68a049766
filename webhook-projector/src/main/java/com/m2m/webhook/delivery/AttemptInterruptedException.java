package com.m2m.webhook.delivery;

/**
 * The thread making an attempt was interrupted (the node is shutting down) before the attempt had a result. Such
 * an attempt is not an attempt on record: it is neither recorded nor counted, and the delivery is attempted again
 * (with the same attempt number) by the next node or run to claim it.
 */
public class AttemptInterruptedException extends RuntimeException {

    public AttemptInterruptedException() {
        super("Attempt interrupted (shutting down)");
    }
}
