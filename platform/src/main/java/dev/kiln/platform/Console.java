package dev.kiln.platform;

/** Where the appliance tells its operator what it is doing. */
public interface Console {
    void println(String line);

    /** Standard output of the process. */
    Console STDOUT = System.out::println;
}
