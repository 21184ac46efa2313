#include <analysis/auth_results.hpp>

#include <catch2/catch.hpp>
