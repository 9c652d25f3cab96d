// The constants of the core's double exponential e^t = 2^n e^r (exp_kernels.hpp's packet_exp and its AVX2 and
// AVX-512 copies): the shifter 1.5 * 2^52 that rounds t log2 e to n, -ln 2 in two Cody-Waite parts (the first
// with trailing zero bits, so n times it is exact), and e^r's Taylor coefficients 1/12! ... 1/1!, 1/0! in
// Horner order (|r| <= ln2 / 2: truncation below 2e-16 relative). One list, so that every copy computes the
// same bits: each evaluates q = kTaylor[0], then q = q r + kTaylor[i] fused, for i = 1 ... 12.
#pragma once

namespace arbiter::core::kernels::exp_double {

inline constexpr double kShifter = 0x1.8p52;
inline constexpr double kLog2e = 1.4426950408889634;
inline constexpr double kMinusLn2Hi = -6.93147180369123816490e-01;
inline constexpr double kMinusLn2Lo = -1.90821492927058770002e-10;
inline constexpr int kTerms = 13;
inline constexpr double kTaylor[kTerms] = {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0,
                                           1.0 / 40320.0,     1.0 / 5040.0,     1.0 / 720.0,     1.0 / 120.0,
                                           1.0 / 24.0,        1.0 / 6.0,        0.5,             1.0,
                                           1.0};

}  // namespace arbiter::core::kernels::exp_double
