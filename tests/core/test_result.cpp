#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <utility>

#include "dpt/core/result.h"

using namespace dpt;

TEST_CASE("SourceLoc prints as much as it knows") {
  CHECK(SourceLoc{"a.toml", 3, 7}.to_string() == "a.toml:3:7");
  CHECK(SourceLoc{"a.toml", 3, 0}.to_string() == "a.toml:3");
  CHECK(SourceLoc{"a.toml", 0, 0}.to_string() == "a.toml");
  CHECK(SourceLoc{"a.toml", 0, 5}.to_string() == "a.toml");  // a column without a line means nothing
  CHECK(SourceLoc{"", 4, 2}.to_string() == "<input>:4:2");
  CHECK(SourceLoc{}.to_string() == "<unknown>");
}

TEST_CASE("Error prints location, severity and message") {
  const Error e{SourceLoc{"s.toml", 12, 3}, "missing key 'seed'"};
  CHECK(e.to_string() == "s.toml:12:3: error: missing key 'seed'");
  CHECK(Error{{}, "boom"}.to_string() == "<unknown>: error: boom");
}

TEST_CASE("ErrorList collects errors in order") {
  ErrorList list;
  CHECK(list.empty());
  CHECK(list.size() == 0);
  CHECK(list.to_string().empty());

  list.add(SourceLoc{"a", 1, 1}, "first");
  list.add(Error{SourceLoc{"b", 2, 0}, "second"});
  CHECK_FALSE(list.empty());
  REQUIRE(list.size() == 2);
  CHECK(list.items()[0].message == "first");
  CHECK(list.items()[1].where.file == "b");
  CHECK(list.to_string() == "a:1:1: error: first\nb:2: error: second\n");

  ErrorList more;
  more.add(SourceLoc{"c", 3, 0}, "third");
  list.append(more);
  list.append(ErrorList{});
  REQUIRE(list.size() == 3);
  CHECK(more.size() == 1);  // append copies, it does not take
  std::string seen;
  for (const Error& e : list) seen += e.message + ";";
  CHECK(seen == "first;second;third;");
}

TEST_CASE("Result holds a value") {
  Result<int> r = 42;
  CHECK(r.ok());
  CHECK(static_cast<bool>(r));
  CHECK(r.value() == 42);
  CHECK(*r == 42);
  *r = 7;
  CHECK(r.value() == 7);

  Result<std::string> s = std::string("text");
  CHECK(s->size() == 4);
  const Result<std::string>& cs = s;
  CHECK(*cs == "text");
  CHECK(cs->front() == 't');
  std::string moved = std::move(s).value();
  CHECK(moved == "text");
}

TEST_CASE("Result holds errors") {
  auto r = Result<int>::failure(SourceLoc{"f", 9, 2}, "bad value");
  CHECK_FALSE(r.ok());
  CHECK_FALSE(static_cast<bool>(r));
  REQUIRE(r.errors().size() == 1);
  CHECK(r.errors().items()[0].where.line == 9);
  CHECK(r.errors().to_string() == "f:9:2: error: bad value\n");

  ErrorList many;
  many.add({}, "one");
  many.add({}, "two");
  Result<double> m = many;
  CHECK_FALSE(m.ok());
  CHECK(m.errors().size() == 2);
}

TEST_CASE("Result works with move-only values") {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  REQUIRE(r.ok());
  CHECK(**r == 5);
  std::unique_ptr<int> p = std::move(r).value();
  REQUIRE(p);
  CHECK(*p == 5);
}
