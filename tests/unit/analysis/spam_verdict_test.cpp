#include <analysis/spam_verdict.hpp>

#include <catch2/catch.hpp>
