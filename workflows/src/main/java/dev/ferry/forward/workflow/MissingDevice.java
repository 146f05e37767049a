package dev.ferry.forward.workflow;

import java.util.List;

/**
 * A device Forward saw as a neighbour of modeled devices but could not model (Forward's {@code
 * getMissingDevices}, {@code MissingDevice}): its name, addresses and the devices that reported it.
 */
public record MissingDevice(String name, List<String> ipAddresses, List<String> neighbors) {}
