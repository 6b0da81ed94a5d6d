/**
 * Run-time plumbing for appliances: {@link dev.kiln.appliance.Appliance} (one boot: arguments,
 * devices, banner, counters, seal, loop), {@link dev.kiln.appliance.Net} (a network device with
 * its stack) and {@link dev.kiln.appliance.RunArgs}. The code {@code kiln build} generates calls
 * only this, so a generated main reads as a list of the appliance's devices and inputs.
 */
package dev.kiln.appliance;
