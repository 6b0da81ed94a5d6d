/**
 * The run-time side of the configure step: what a generated appliance main calls to parse its
 * few run-time arguments, open the devices the descriptor declared, load baked data, print its
 * banner and counters, seal itself and run the loop. In every image; tiny on purpose.
 */
module kiln.appliance {
    requires transitive kiln.net;
    requires jdk.unsupported; // sun.misc.Signal: SIGUSR1 prints the counters, TERM/INT stop the loop
    exports dev.kiln.appliance;
}
