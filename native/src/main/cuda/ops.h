/*
 * Op codes shared by the kernels and the Java side (org.dadda.cuda.OpCodes). The Java side maps
 * UnaryOp and BinaryOp constants by name to these numbers, and OpCodesTest parses this file to
 * check that both sides agree, so an op added on one side only fails the build.
 */
#ifndef DADDA_OPS_H
#define DADDA_OPS_H

#define UNARY_NEG 0
#define UNARY_EXP 1
#define UNARY_LOG 2
#define UNARY_SQRT 3
#define UNARY_ABS 4
#define UNARY_POW 5
#define UNARY_CLAMP 6
#define UNARY_AFFINE 7
#define UNARY_RELU 8
#define UNARY_SIGMOID 9
#define UNARY_TANH 10
#define UNARY_SILU 11
#define UNARY_GELU 12
#define UNARY_GREATER_THAN 13

#define BINARY_ADD 0
#define BINARY_SUB 1
#define BINARY_MUL 2
#define BINARY_DIV 3
#define BINARY_MAX 4
#define BINARY_MIN 5
#define BINARY_GT 6
#define BINARY_LT 7
#define BINARY_EQ 8

#endif
