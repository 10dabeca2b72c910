package dev.hcsorchestrator.web;

import dev.hcsorchestrator.contract.OpenApiContract;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * A standalone MockMvc for a controller outside this package (the simulator's, say) that answers
 * errors as the service does, through {@link ProblemHandler}, and checks every response against the
 * committed OpenAPI document ({@link OpenApiContract}).
 */
public final class ContractMockMvc {

  private ContractMockMvc() {}

  public static MockMvc of(Object... controllers) {
    return MockMvcBuilders.standaloneSetup(controllers)
        .setControllerAdvice(new ProblemHandler(10_000))
        .alwaysDo(OpenApiContract.mockMvc())
        .build();
  }
}
