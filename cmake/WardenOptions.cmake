# One INTERFACE target carries the language standard, warnings, hardening and
# strict Qt defines. Every Warden target links it; nothing is set at directory
# scope, so a target's flags are visible from its own link line.
add_library(warden_options INTERFACE)
add_library(Warden::options ALIAS warden_options)

target_compile_features(warden_options INTERFACE cxx_std_23)
set(CMAKE_CXX_EXTENSIONS OFF)

# The warnings alone, for the one program that links nothing of ours and no
# sanitizer runtime: the static sandbox init.
add_library(warden_warnings INTERFACE)
target_link_libraries(warden_options INTERFACE warden_warnings)

target_compile_options(warden_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wconversion -Wno-sign-conversion
  -Wformat=2 -Wimplicit-fallthrough
  # GCC 12 misreports brace-initialised std::vector<std::string> (GCC PR 108088).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-free-nonheap-object>
  # GCC 12 misreports std::expected's engaged member as maybe-uninitialized
  # once enough is inlined (GCC PR 107138), which a unity build makes likely;
  # clang's uninitialized checks still run in the sanitized build.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>
  # GCC 12 at -O3 misreports std::string's own memcpy as overlapping (GCC PR 105329).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  -fstack-protector-strong
  # core and ui are shared libraries: calls inside them stay direct and
  # inlinable, as they were when linked statically.
  $<$<CXX_COMPILER_ID:GNU>:-fno-semantic-interposition>
  $<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2>
  # clang 16 implements the conditionally trivial special members that GCC
  # 12's <expected> checks for, but still reports __cpp_concepts as 201907L;
  # the macro is raised by hand (docs/DEVELOPMENT.md). The sanitized and fuzz
  # build is clang's.
  "$<$<CXX_COMPILER_ID:Clang>:-Wno-builtin-macro-redefined;-Wno-macro-redefined;-D__cpp_concepts=202002L>")
target_compile_features(warden_warnings INTERFACE cxx_std_23)

target_compile_definitions(warden_options INTERFACE
  _GLIBCXX_ASSERTIONS
  JSON_USE_IMPLICIT_CONVERSIONS=0
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CONTEXTLESS_CONNECT
  QT_USE_QSTRINGBUILDER
  QT_NO_KEYWORDS
  WARDEN_VERSION="${PROJECT_VERSION}")

target_link_options(warden_options INTERFACE -Wl,-z,relro,-z,now)

# CI builds with warnings as errors (packaging/test.sh); a developer's build
# keeps going past a warning.
option(WARDEN_WERROR "Treat compiler warnings as errors" OFF)
if(WARDEN_WERROR)
  target_compile_options(warden_warnings INTERFACE -Werror)
endif()

if(WARDEN_SANITIZE)
  target_compile_options(warden_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(warden_options INTERFACE -fsanitize=address,undefined)
endif()

# Fuzz targets live in the sanitized build: everything of ours carries
# libFuzzer's coverage instrumentation (the sanitizer runtime answers its
# hooks in the tests), and only the fuzz targets link libFuzzer itself. One
# compile of core serves the sanitized tests and the fuzzers.
if(WARDEN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "WARDEN_FUZZ needs clang (CXX=clang++-16)")
  endif()
  target_compile_options(warden_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
