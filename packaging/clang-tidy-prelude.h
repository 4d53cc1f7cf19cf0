// Included first by packaging/check-style.sh for clang-tidy only. GCC 12's
// <expected> wants __cpp_concepts >= 202002L, which clang 16 implements but
// does not report (packaging/fuzz.sh raises it the same way); here the
// redefinition is silenced where it happens, not by a -D on the command line.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wmacro-redefined"
#pragma clang diagnostic ignored "-Wbuiltin-macro-redefined"
#undef __cpp_concepts
#define __cpp_concepts 202002L
#pragma clang diagnostic pop
