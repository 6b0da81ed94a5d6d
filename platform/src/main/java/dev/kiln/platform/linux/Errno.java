package dev.kiln.platform.linux;

/**
 * Linux errno values (the asm-generic numbering x86-64 and aarch64 share) with their names and
 * the text {@code strerror} gives, kept in Java so describing an error needs no native call.
 */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, ENXIO = 6, EBADF = 9,
            EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, ENODEV = 19,
            ENOTDIR = 20, EINVAL = 22, ENFILE = 23, EMFILE = 24, ENOTTY = 25, ENOSPC = 28,
            ENAMETOOLONG = 36, ENOSYS = 38, ELOOP = 40, EBADFD = 77, EMSGSIZE = 90, EOPNOTSUPP = 95,
            ENETDOWN = 100, ENOBUFS = 105;

    private static final String[][] TABLE = new String[134][];

    static {
        def(EPERM, "EPERM", "Operation not permitted");
        def(ENOENT, "ENOENT", "No such file or directory");
        def(3, "ESRCH", "No such process");
        def(EINTR, "EINTR", "Interrupted system call");
        def(EIO, "EIO", "Input/output error");
        def(ENXIO, "ENXIO", "No such device or address");
        def(EBADF, "EBADF", "Bad file descriptor");
        def(EAGAIN, "EAGAIN", "Resource temporarily unavailable");
        def(ENOMEM, "ENOMEM", "Cannot allocate memory");
        def(EACCES, "EACCES", "Permission denied");
        def(EFAULT, "EFAULT", "Bad address");
        def(EBUSY, "EBUSY", "Device or resource busy");
        def(EEXIST, "EEXIST", "File exists");
        def(ENODEV, "ENODEV", "No such device");
        def(ENOTDIR, "ENOTDIR", "Not a directory");
        def(21, "EISDIR", "Is a directory");
        def(EINVAL, "EINVAL", "Invalid argument");
        def(ENFILE, "ENFILE", "Too many open files in system");
        def(EMFILE, "EMFILE", "Too many open files");
        def(ENOTTY, "ENOTTY", "Inappropriate ioctl for device");
        def(ENOSPC, "ENOSPC", "No space left on device");
        def(30, "EROFS", "Read-only file system");
        def(32, "EPIPE", "Broken pipe");
        def(ENAMETOOLONG, "ENAMETOOLONG", "File name too long");
        def(ENOSYS, "ENOSYS", "Function not implemented");
        def(ELOOP, "ELOOP", "Too many levels of symbolic links");
        def(EBADFD, "EBADFD", "File descriptor in bad state");
        def(EMSGSIZE, "EMSGSIZE", "Message too long");
        def(EOPNOTSUPP, "EOPNOTSUPP", "Operation not supported");
        def(ENETDOWN, "ENETDOWN", "Network is down");
        def(ENOBUFS, "ENOBUFS", "No buffer space available");
        def(110, "ETIMEDOUT", "Connection timed out");
    }

    private Errno() {}

    private static void def(int errno, String name, String text) {
        TABLE[errno] = new String[] {name, text};
    }

    /** The symbolic name, e.g. {@code EPERM}, or {@code errno 200} for one this table lacks. */
    public static String name(int errno) {
        return known(errno) ? TABLE[errno][0] : "errno " + errno;
    }

    /** The strerror-like text, e.g. {@code Operation not permitted}. */
    public static String text(int errno) {
        return known(errno) ? TABLE[errno][1] : "Unknown error " + errno;
    }

    /** Name and text together: {@code EPERM (Operation not permitted)}. */
    public static String describe(int errno) {
        return name(errno) + " (" + text(errno) + ")";
    }

    private static boolean known(int errno) {
        return errno > 0 && errno < TABLE.length && TABLE[errno] != null;
    }
}
