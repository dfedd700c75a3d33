package org.dadda.tensor;

/** Element type of a backend's storage. Tensors are float32 in use; float64 serves gradient checks. */
public enum DType {
    /** 32-bit IEEE float: every production backend. */
    F32,
    /** 64-bit IEEE float: the reference backend that finite-difference gradient checks run on. */
    F64
}
