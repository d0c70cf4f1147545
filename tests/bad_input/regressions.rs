//! Inputs the fuzz targets found (see fuzz/README.md), kept as tests.
