"""The demo programme beside the product: `flask seed-demo` loads it; no product module imports this package."""
