// dptwin track: the image-plane tracker on a MOTChallenge sequence (docs/tracking.md). Reads
// public detections and seqinfo.ini, writes MOTChallenge results, and with --gt scores them
// (CLEAR MOT, IDF1, HOTA). The last line printed is one JSON object with the figures.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.h"
#include "dpt/fusion/image_tracker.h"
#include "dpt/fusion/metrics.h"
#include "dpt/fusion/mot.h"

namespace dpt::app {
namespace {

using Clock = std::chrono::steady_clock;

struct TrackOptions {
  std::string det, seqinfo, out, gt;
  std::string eval_mode = "auto";
  bool online = false;
  fusion::ImageTrackerParams params;
};

// MOT15 ground truth has no class column; MOT16+ (9 columns) has one (mot_io.cpp).
bool looks_like_mot15(const std::vector<fusion::MotBox>& gt) {
  return std::all_of(gt.begin(), gt.end(), [](const fusion::MotBox& b) { return b.cls == -1; });
}

int last_frame_of(const std::vector<fusion::MotBox>& boxes) {
  int n = 0;
  for (const auto& b : boxes) n = std::max(n, b.frame);
  return n;
}

void run_track(const TrackOptions& o, AppState& state) {
  auto det = fusion::read_mot_file(o.det);
  auto info = fusion::read_seqinfo(o.seqinfo);
  const bool det_ok = ok_or_report(det, state);  // both files' errors are reported at once
  const bool info_ok = ok_or_report(info, state);
  if (!det_ok || !info_ok) return;
  std::vector<fusion::MotBox> gt;
  if (!o.gt.empty()) {
    auto g = fusion::read_mot_file(o.gt);
    if (!ok_or_report(g, state)) return;
    gt = std::move(*g);
  }

  fusion::ImageTrackerParams params = o.params;
  if (o.online) {
    params.backfill = false;
    params.max_gap_s = 0.0;
  }
  fusion::ImageTrackerStats stats;
  const auto t0 = Clock::now();
  const std::vector<fusion::MotBox> result = fusion::track_mot_sequence(*det, *info, params, &stats);
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();

  auto written = fusion::write_mot_results(o.out, result);
  if (!ok_or_report(written, state, kExitFailure)) return;

  const std::string name = info->name.empty() ? o.seqinfo : info->name;
  const double fps = seconds > 0.0 ? static_cast<double>(stats.frames) / seconds : 0.0;
  std::printf("sequence:   %s (%d frames at %d frames/s, %dx%d)\n", name.c_str(), info->seq_length, info->frame_rate,
              info->width, info->height);
  std::printf("detections: %lld read, %lld at or above --min-score %.2f\n", static_cast<long long>(stats.detections),
              static_cast<long long>(stats.used_detections), static_cast<double>(params.min_score));
  std::printf("tracks:     %lld confirmed of %lld started; %zu boxes written to %s%s\n",
              static_cast<long long>(stats.tracks_confirmed), static_cast<long long>(stats.tracks_started),
              result.size(), o.out.c_str(), o.online ? " (online output only)" : "");
  std::printf("time:       %.4f s for %lld frames, %.0f frames/s\n", seconds, static_cast<long long>(stats.frames), fps);

  nlohmann::ordered_json j{{"sequence", name},
                           {"frames", stats.frames},
                           {"detections", stats.detections},
                           {"tracks", stats.tracks_confirmed},
                           {"boxes", result.size()},
                           {"seconds", seconds},
                           {"frames_per_s", fps}};
  if (!o.gt.empty()) {
    const bool mot15 = o.eval_mode == "mot15" || (o.eval_mode == "auto" && looks_like_mot15(gt));
    std::size_t removed = 0;
    if (mot15) {
      // TrackEval's MOT15 benchmark (datasets/mot_challenge_2d_box.py, get_preprocessed_seq_data):
      // ground truth marked 0 is removed and nothing is removed from the hypotheses, so a box on
      // an ignored person counts as a false positive.
      removed = static_cast<std::size_t>(std::erase_if(gt, [](const fusion::MotBox& b) { return b.conf == 0.f; }));
    }
    const int n_frames = std::max({info->seq_length, last_frame_of(gt), last_frame_of(result)});
    const fusion::MotMetrics m = fusion::evaluate_boxes(gt, result, n_frames);
    if (!m.ok()) {
      std::fprintf(stderr, "%s: %s\n", o.gt.c_str(), m.error.c_str());
      state.exit_code = kExitBadInput;
      return;
    }
    if (mot15) {
      std::printf("evaluation: MOT15 convention (TrackEval): %zu ground-truth boxes marked 0 removed; boxes on them count as FP\n",
                  removed);
    } else {
      std::printf("evaluation: MOT16+ convention: ground truth marked 0 ignored together with the boxes matched to it\n");
    }
    const auto& c = m.clear;
    std::printf("  MOTA %.2f  MOTP %.3f  IDF1 %.2f  HOTA %.2f  DetA %.2f  AssA %.2f  LocA %.2f\n", c.mota, c.motp, m.id.idf1,
                m.hota.hota, m.hota.deta, m.hota.assa, m.hota.loca);
    std::printf("  GT %lld  FP %lld  FN %lld  IDSW %lld  Frag %lld  MT %d  PT %d  ML %d  IDP %.2f  IDR %.2f\n",
                static_cast<long long>(c.gt), static_cast<long long>(c.fp), static_cast<long long>(c.fn),
                static_cast<long long>(c.idsw), static_cast<long long>(c.frag), c.mostly_tracked, c.partly_tracked,
                c.mostly_lost, m.id.idp, m.id.idr);
    j["eval"] = mot15 ? "mot15" : "mot16";
    j["mota"] = c.mota;
    j["motp"] = c.motp;
    j["idf1"] = m.id.idf1;
    j["hota"] = m.hota.hota;
    j["deta"] = m.hota.deta;
    j["assa"] = m.hota.assa;
    j["loca"] = m.hota.loca;
    j["gt"] = c.gt;
    j["fp"] = c.fp;
    j["fn"] = c.fn;
    j["idsw"] = c.idsw;
    j["idtp"] = m.id.idtp;
    j["idfp"] = m.id.idfp;
    j["idfn"] = m.id.idfn;
  }
  std::printf("%s\n", j.dump().c_str());
}

}  // namespace

void add_track_command(CLI::App& app, AppState& state) {
  auto* cmd = app.add_subcommand(
      "track",
      "Track people in a MOTChallenge sequence from its detections (the image-plane tracker, docs/tracking.md).\n"
      "Reads DET.txt (frame,-1,x,y,w,h,score,...) and seqinfo.ini, writes RESULT.txt as\n"
      "frame,id,x,y,w,h,conf,-1,-1,-1 and prints a summary; with --gt it also prints MOTA, MOTP, IDF1, HOTA,\n"
      "DetA, AssA, FP, FN and IDSW. The last line is one JSON object with the figures. By default the results\n"
      "include what hindsight adds (a track's frames before it was confirmed, short gaps interpolated);\n"
      "--online writes only what the tracker knew at each frame. Bad input exits 2 with file:line.");
  auto o = std::make_shared<TrackOptions>();
  cmd->add_option("--mot", o->det, "MOTChallenge detections, e.g. MOT15/train/PETS09-S2L1/det/det.txt")->required();
  cmd->add_option("--seqinfo", o->seqinfo, "The sequence's seqinfo.ini (frame rate, length)")->required();
  cmd->add_option("--out", o->out, "Where to write the tracking results (MOTChallenge text)")->required();
  cmd->add_option("--gt", o->gt, "Ground truth (gt/gt.txt) to score the results against");
  cmd->add_option("--eval", o->eval_mode,
                  "How --gt treats boxes marked 0 (ignore): mot15 removes them and counts boxes on them as FP\n"
                  "(TrackEval's MOT15 benchmark); mot16 also drops the boxes matched to them; auto picks mot15\n"
                  "for ground truth without a class column")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "mot15", "mot16"}));
  cmd->add_option("--min-score", o->params.min_score, "Ignore detections scoring below this")->capture_default_str();
  cmd->add_option("--high-score", o->params.high_score,
                  "Detections at or above this are matched first and may start tracks; weaker ones only extend\n"
                  "tracks seen in the previous frame (ByteTrack's second stage)")
      ->capture_default_str();
  cmd->add_option("--min-hits", o->params.min_hits, "Consecutive matches that confirm a new track")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--max-age", o->params.max_age_s, "Seconds a confirmed track coasts without a match before it is dropped")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--max-gap", o->params.max_gap_s, "Interpolate a track's gaps up to this many seconds (0: never)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--iou", o->params.iou_min, "Least IoU between a track's predicted box and a detection to pair them")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_flag("--online", o->online, "Write only the boxes known online: no backfill, no interpolated gaps");
  cmd->callback([&state, o] { run_track(*o, state); });
}

}  // namespace dpt::app
