package dev.kiln.platform.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrnoTest {
    @Test
    void describesKnownErrnos() {
        assertEquals("EPERM (Operation not permitted)", Errno.describe(Errno.EPERM));
        assertEquals("EBUSY (Device or resource busy)", Errno.describe(16));
        assertEquals("EAGAIN", Errno.name(11));
        assertEquals("ENOBUFS", Errno.name(105));
    }

    @Test
    void unknownErrnosStillDescribe() {
        assertEquals("errno 999 (Unknown error 999)", Errno.describe(999));
        assertEquals("errno 0 (Unknown error 0)", Errno.describe(0));
        assertEquals("errno -3 (Unknown error -3)", Errno.describe(-3));
    }
}
