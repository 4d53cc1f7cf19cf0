// Owns the tests' precompiled header (tests/CMakeLists.txt); a program of no use.
int main()
{
    return 0;
}
