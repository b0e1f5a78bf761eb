package dev.landlockstudio.web.kernels;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The stock kernels a dry run of mode kernels can boot: every one Debian carries, by ABI, and whether it is cached. */
@RestController
class KernelsApiController {

    private final StockKernels kernels;

    KernelsApiController(StockKernels kernels) {
        this.kernels = kernels;
    }

    @GetMapping("/api/kernels")
    StockKernels.Listing kernels() {
        return kernels.listing();
    }
}
