/** Whole appliances on a simulated network and a virtual clock; every fault drawn from one printed seed. */
package dev.kiln.sim;
