/** The evalgate gateway: Netty server, upstream client, config, routing, CLI. */
package dev.evalgate.gateway;
