"""National data exchange: the GB/T 39046 表9 rating dataset and the upstream push queue."""
