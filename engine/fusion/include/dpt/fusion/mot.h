#pragma once
// MOTChallenge files (https://motchallenge.net/instructions/): detections `frame,-1,x,y,w,h,score,...`,
// ground truth `frame,id,x,y,w,h,flag,class,visibility`, results `frame,id,x,y,w,h,conf,-1,-1,-1`,
// and seqinfo.ini. Frames are 1-based. Loaders return errors naming file and line.
#include <cstdint>
#include <string>
#include <vector>

#include "dpt/core/result.h"

namespace dpt::fusion {

struct MotBox {
  std::int32_t frame = 0;
  std::int32_t id = -1;
  float x = 0.f, y = 0.f, w = 0.f, h = 0.f;
  float conf = 1.f;  // det: score; gt: the "consider" flag (0 = ignore); results: confidence
  std::int32_t cls = -1;      // gt column 8 (1 pedestrian, ...), -1 when absent
  float visibility = -1.f;    // gt column 9, -1 when absent
};

struct SeqInfo {
  std::string name;
  int frame_rate = 0;
  int seq_length = 0;
  int width = 0, height = 0;
};

Result<std::vector<MotBox>> read_mot_file(const std::string& path);
Result<SeqInfo> read_seqinfo(const std::string& path);
// Writes `frame,id,x,y,w,h,conf,-1,-1,-1` lines sorted by frame then id.
Result<bool> write_mot_results(const std::string& path, std::vector<MotBox> boxes);

}  // namespace dpt::fusion
