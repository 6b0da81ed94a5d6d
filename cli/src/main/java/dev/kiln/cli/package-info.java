/** The {@code kiln} command line: build and run appliances. */
package dev.kiln.cli;
