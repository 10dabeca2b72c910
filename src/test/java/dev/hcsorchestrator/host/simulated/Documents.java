package dev.hcsorchestrator.host.simulated;

/** The smallest ComputeSystem documents the simulator accepts, for its tests. */
final class Documents {

  static final String VM =
      "{\"Owner\":\"o\",\"SchemaVersion\":{\"Major\":2,\"Minor\":5},\"VirtualMachine\":"
          + "{\"Services\":{\"Shutdown\":{}},\"ComputeTopology\":{\"Memory\":{\"SizeInMB\":512},\"Processor\":{\"Count\":1}}}}";
  static final String CONTAINER =
      "{\"Owner\":\"o\",\"SchemaVersion\":{\"Major\":2,\"Minor\":1},\"Container\":{\"Storage\":"
          + "{\"Path\":\"C:\\\\s\",\"Layers\":[{\"Id\":\"0f0e0d0c-0b0a-0908-0706-050403020100\",\"Path\":\"C:\\\\l\"}]}}}";

  private Documents() {}
}
