package dev.kiln.interop;

/** A DNS server under test, as seen from inside the namespace. */
record Target(String name, String address, int port) {
    @Override
    public String toString() {
        return name + " at " + address + ":" + port;
    }
}
