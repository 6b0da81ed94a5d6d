/** The appliance's virtual hardware: devices, clock, entropy, console, the loop. */
module kiln.platform {
    exports dev.kiln.platform;
    exports dev.kiln.platform.linux;
}
