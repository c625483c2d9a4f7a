// MOTChallenge files: the real MOT15 sequences read in place, bad files rejected with file:line.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "dpt/fusion/mot.h"

using namespace dpt::fusion;

namespace {

const std::string kMot15 = DPT_SHARED_DATA "/tracking/mot15";

std::string temp_file(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("dpt-test-mot-" + name);
  std::ofstream(path) << text;
  return path.string();
}

}  // namespace

TEST_CASE("MOT15 detections and ground truth are read in full", "[fusion][mot]") {
  if (!std::filesystem::exists(kMot15)) {
    WARN("skipped: " << kMot15 << " is absent");
    return;
  }
  // Line counts from `wc -l` on the files as shipped (no blank lines).
  SECTION("ADL-Rundle-6") {
    const auto det = read_mot_file(kMot15 + "/ADL-Rundle-6/det/det.txt");
    REQUIRE(det.ok());
    CHECK(det->size() == 4325);
    // First line: 1,-1,1691.97,381.048,152.23,352.617,0.995616,-1,-1,-1
    CHECK(det->front().frame == 1);
    CHECK(det->front().id == -1);
    CHECK(det->front().x == Approx(1691.97f));
    CHECK(det->front().h == Approx(352.617f));
    CHECK(det->front().conf == Approx(0.995616f));
    CHECK(det->front().cls == -1);  // 10 columns: no class
    CHECK(det->back().frame == 525);
    const auto gt = read_mot_file(kMot15 + "/ADL-Rundle-6/gt/gt.txt");
    REQUIRE(gt.ok());
    CHECK(gt->size() == 5009);
  }
  SECTION("ETH-Bahnhof ground truth keeps its ignore flags") {
    const auto gt = read_mot_file(kMot15 + "/ETH-Bahnhof/gt/gt.txt");
    REQUIRE(gt.ok());
    CHECK(gt->size() == 7670);
    std::size_t ignored = 0;
    for (const MotBox& b : *gt) ignored += b.conf == 0.f;
    CHECK(ignored == 2255);  // awk -F, '$7==0' | wc -l
  }
  SECTION("seqinfo.ini") {
    const auto info = read_seqinfo(kMot15 + "/PETS09-S2L1/seqinfo.ini");
    REQUIRE(info.ok());
    CHECK(info->name == "PETS09-S2L1");
    CHECK(info->frame_rate == 7);
    CHECK(info->seq_length == 795);
    CHECK(info->width == 768);
    CHECK(info->height == 576);
  }
}

TEST_CASE("MOT files with bad lines name the file and line", "[fusion][mot]") {
  const std::string path = temp_file("bad-det.txt",
                                     "1,-1,10,20,30,40,0.9,-1,-1,-1\n"
                                     "\n"
                                     "2,-1,10,20,30,40\n"             // line 3: too few columns
                                     "3,-1,10,abc,30,40,0.9,-1,-1,-1\n"  // line 4: not a number
                                     "0,-1,10,20,30,40,0.9,-1,-1,-1\n"   // line 5: frame 0
                                     "4,-1,10,20,-3,40,0.9,-1,-1,-1\n"   // line 6: negative width
                                     "5,2,1,2,3,4,1,1,0.5\n");           // line 7: fine (9 columns)
  const auto r = read_mot_file(path);
  REQUIRE_FALSE(r.ok());
  const auto& items = r.errors().items();
  REQUIRE(items.size() == 4);
  CHECK(items[0].where.file == path);
  CHECK(items[0].where.line == 3);
  CHECK(items[0].message.find("expected 7 to 10 comma-separated numbers") != std::string::npos);
  CHECK(items[1].where.line == 4);
  CHECK(items[2].where.line == 5);
  CHECK(items[2].message.find("frame") != std::string::npos);
  CHECK(items[3].where.line == 6);
  CHECK(r.errors().to_string().find(path + ":3:") != std::string::npos);
  std::filesystem::remove(path);

  CHECK_FALSE(read_mot_file("/nonexistent/det.txt").ok());
}

TEST_CASE("nine-column ground truth carries class and visibility", "[fusion][mot]") {
  const std::string path = temp_file("gt9.txt", "7,3,1.5,2.5,10,20,1,1,0.25\n");
  const auto r = read_mot_file(path);
  REQUIRE(r.ok());
  REQUIRE(r->size() == 1);
  CHECK(r->front().frame == 7);
  CHECK(r->front().id == 3);
  CHECK(r->front().cls == 1);
  CHECK(r->front().visibility == 0.25f);
  std::filesystem::remove(path);
}

TEST_CASE("seqinfo without a frame rate is rejected", "[fusion][mot]") {
  const std::string path = temp_file("seqinfo.ini", "[Sequence]\nname=x\nframeRate=abc\nseqLength=10\n");
  const auto r = read_seqinfo(path);
  REQUIRE_FALSE(r.ok());
  CHECK(r.errors().items().front().where.line == 3);
  CHECK(r.errors().items().front().message.find("frameRate") != std::string::npos);
  std::filesystem::remove(path);
  const std::string missing = temp_file("seqinfo2.ini", "[Sequence]\nseqLength=10\n");
  const auto r2 = read_seqinfo(missing);
  REQUIRE_FALSE(r2.ok());
  CHECK(r2.errors().to_string().find("frameRate") != std::string::npos);
  std::filesystem::remove(missing);
}

TEST_CASE("results are written sorted by frame then id and read back", "[fusion][mot]") {
  const auto path = (std::filesystem::temp_directory_path() / "dpt-test-mot-results.txt").string();
  std::vector<MotBox> boxes(3);
  boxes[0].frame = 2; boxes[0].id = 1; boxes[0].x = 1.25f; boxes[0].w = 3.f; boxes[0].h = 4.f;
  boxes[1].frame = 1; boxes[1].id = 5; boxes[1].y = 2.5f; boxes[1].w = 1.f; boxes[1].h = 2.f;
  boxes[2].frame = 1; boxes[2].id = 2; boxes[2].w = 7.f; boxes[2].h = 8.f;
  REQUIRE(write_mot_results(path, boxes).ok());
  std::ifstream in(path);
  std::string first;
  std::getline(in, first);
  CHECK(first == "1,2,0.00,0.00,7.00,8.00,1,-1,-1,-1");
  const auto back = read_mot_file(path);
  REQUIRE(back.ok());
  REQUIRE(back->size() == 3);
  CHECK((*back)[1].id == 5);
  CHECK((*back)[1].y == 2.5f);
  CHECK((*back)[2].frame == 2);
  CHECK((*back)[2].x == 1.25f);
  std::filesystem::remove(path);
}
