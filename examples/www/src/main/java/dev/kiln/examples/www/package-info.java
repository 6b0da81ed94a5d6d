/** The web appliance's application: a baked static site plus dynamic handlers, over HTTP and HTTPS listeners. */
package dev.kiln.examples.www;
