/** Wire formats as flyweight views over {@code MemorySegment} plus {@code record} reprs. */
package dev.kiln.net.wire;
