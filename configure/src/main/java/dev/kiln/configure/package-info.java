/**
 * The appliance descriptor and the configure step (MirageOS's {@code config.ml} + {@code mirage
 * configure}, as a small declarative file): {@link dev.kiln.configure.Descriptor#read} parses and
 * validates {@code appliance.properties}; {@link dev.kiln.configure.Configure#run} bakes the
 * build-time inputs and generates the main for a target ({@link dev.kiln.configure.MainGenerator}),
 * compiled into a jar ({@link dev.kiln.configure.MainCompiler}).
 */
package dev.kiln.configure;
