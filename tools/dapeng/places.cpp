// The places table. Every position is approximate (public web maps, ~100-300 m); the manifest
// (docs/district-dapeng.md) says so. Key-site positions are plausible choices on coastal
// industrial land, not surveyed positions.
#include "places.h"

namespace dapeng {
namespace {

// Qiniangshan and Paiyashan: the district's two highest summits (heights from the Shenzhen
// geographic gazetteer, rounded to the metre).
constexpr PeakDef kPeaks[] = {
    {"Qiniangshan", 22.523, 114.557, 869.0},
    {"Paiyashan", 22.625, 114.480, 707.0},
};

// id, name, lat, lon, radius, town, block, tower share
constexpr SettlementDef kSettlements[] = {
    {"kuichong", "Kuichong", 22.632, 114.425, 1700.0, true, 95.0, 0.04},
    {"dapeng", "Dapeng town (Wangmu)", 22.595, 114.478, 1400.0, true, 90.0, 0.04},
    {"dapeng-fortress", "Dapeng Fortress", 22.597, 114.510, 550.0, true, 70.0, 0.0},
    {"nanao", "Nan'ao", 22.535, 114.470, 900.0, true, 80.0, 0.01},
    {"baguang", "Baguang", 22.648, 114.535, 850.0, true, 90.0, 0.0},
    {"xichong", "Xichong", 22.482, 114.538, 600.0, true, 75.0, 0.0},
    {"dongchong", "Dongchong", 22.488, 114.600, 500.0, true, 75.0, 0.0},
    {"tuyang", "Tuyang", 22.603, 114.445, 450.0, false, 65.0, 0.0},
    {"xiyong", "Xiyong", 22.613, 114.380, 400.0, false, 65.0, 0.0},
    {"xiasha", "Xiasha", 22.578, 114.505, 350.0, false, 60.0, 0.0},
    {"jiaochangwei", "Jiaochangwei", 22.590, 114.503, 350.0, false, 60.0, 0.0},
    {"longqi", "Longqi", 22.586, 114.492, 300.0, false, 60.0, 0.0},
    {"xinda", "Xinda", 22.582, 114.514, 300.0, false, 60.0, 0.0},
    {"shuitousha", "Shuitousha", 22.572, 114.520, 350.0, false, 60.0, 0.0},
    {"shayuchong", "Shayuchong", 22.560, 114.456, 300.0, false, 60.0, 0.0},
    {"yangmeikeng", "Yangmeikeng", 22.548, 114.572, 350.0, false, 60.0, 0.0},
    {"judiaosha", "Judiaosha", 22.553, 114.580, 250.0, false, 60.0, 0.0},
    {"dongshan", "Dongshan", 22.545, 114.461, 300.0, false, 60.0, 0.0},
    {"xinwu", "Xinwu", 22.487, 114.548, 250.0, false, 60.0, 0.0},
};

constexpr KeySiteDef kKeySites[] = {
    {"guanghui-oil", "Guanghui oil depot", true, 22.612, 114.430, SiteLayout::tanks, "crude oil", 120000.0,
     "kuichong"},
    {"huaan-lpg", "Huaan LPG depot", true, 22.600, 114.455, SiteLayout::spheres, "LPG", 8000.0, "tuyang"},
    {"cnooc-power", "CNOOC power plant", true, 22.585, 114.462, SiteLayout::power_plant, "natural gas", 2000.0,
     "dapeng"},
    {"bak-battery", "BAK battery plant", false, 22.640, 114.410, SiteLayout::sheds, "", 0.0, "kuichong"},
    {"baguang-apartments", "Baguang talent apartments", false, 22.645, 114.528, SiteLayout::towers, "", 0.0,
     "baguang"},
};

constexpr BeachDef kBeaches[] = {
    {"xichong-beach", "Xichong beach", 22.478, 114.540, 20000},
    {"dongchong-beach", "Dongchong beach", 22.484, 114.604, 8000},
    {"jiaochangwei-beach", "Jiaochangwei beach", 22.588, 114.505, 8000},
    {"yangmeikeng-beach", "Yangmeikeng beach", 22.547, 114.576, 6000},
    {"judiaosha-beach", "Judiaosha beach", 22.553, 114.585, 5000},
    {"shayuchong-beach", "Shayuchong beach", 22.558, 114.452, 3000},
    {"nanao-beach", "Nan'ao beach", 22.532, 114.476, 3000},
    {"xiasha-beach", "Xiasha beach", 22.575, 114.502, 5000},
    {"shuitousha-beach", "Shuitousha beach", 22.569, 114.522, 4000},
};

// Schools and sports halls that serve as typhoon shelters (offsets from the settlement centre).
constexpr ShelterDef kShelters[] = {
    {"shelter-kuichong-middle", "Kuichong Middle School", "kuichong", 300.0, 250.0, 2000},
    {"shelter-kuichong-sports", "Kuichong Sports Centre", "kuichong", -450.0, -200.0, 3000},
    {"shelter-kuichong-primary", "Kuichong Primary School", "kuichong", 650.0, -350.0, 1200},
    {"shelter-kuichong-north", "Kuichong Second Primary School", "kuichong", -200.0, 600.0, 900},
    {"shelter-xiyong-school", "Xiyong School", "xiyong", 100.0, 80.0, 600},
    {"shelter-dapeng-central", "Dapeng Central School", "dapeng", 250.0, 200.0, 1800},
    {"shelter-dapeng-sports", "Dapeng Sports Hall", "dapeng", -350.0, 100.0, 3000},
    {"shelter-dapeng-middle", "Dapeng Middle School", "dapeng", 100.0, -450.0, 2000},
    {"shelter-wangmu-primary", "Wangmu Primary School", "dapeng", -500.0, -300.0, 1000},
    {"shelter-fortress-school", "Dapeng Fortress School", "dapeng-fortress", 120.0, 60.0, 800},
    {"shelter-nanao-middle", "Nan'ao Middle School", "nanao", 200.0, 150.0, 1500},
    {"shelter-nanao-sports", "Nan'ao Sports Hall", "nanao", -250.0, -100.0, 1200},
    {"shelter-nanao-primary", "Nan'ao Primary School", "nanao", 150.0, -250.0, 800},
    {"shelter-baguang-school", "Baguang School", "baguang", 150.0, 100.0, 1000},
    {"shelter-baguang-hall", "Baguang Community Hall", "baguang", -200.0, -150.0, 600},
    {"shelter-xichong-school", "Xichong School", "xichong", 100.0, 150.0, 700},
    {"shelter-dongchong-school", "Dongchong School", "dongchong", 80.0, 120.0, 500},
};

constexpr PointDef kHospitals[] = {
    {"hospital-kuichong", "Kuichong People's Hospital", 22.634, 114.428},
    {"hospital-dapeng", "Dapeng New District People's Hospital", 22.597, 114.476},
    {"hospital-nanao", "Nan'ao Hospital", 22.537, 114.468},
};

constexpr PointDef kCheckpoints[] = {
    {"checkpoint-baguang-exit", "Baguang highway exit", 22.655, 114.522},
    {"checkpoint-kuichong-shenshan", "Kuichong entrance (Shenshan road)", 22.640, 114.392},
    {"checkpoint-xichong", "Xichong entrance", 22.495, 114.532},
};

constexpr PointDef kHarbours[] = {
    {"harbour-nanao", "Nan'ao fishing port", 22.532, 114.472},
    {"harbour-dapeng", "Dapeng harbour (Xiasha)", 22.580, 114.496},
    {"harbour-kuichong", "Kuichong pier", 22.612, 114.420},
    {"harbour-baguang", "Baguang pier", 22.640, 114.540},
    {"harbour-xichong", "Xichong pier", 22.479, 114.530},
    {"harbour-dongchong", "Dongchong pier", 22.484, 114.596},
};

}  // namespace

std::span<const PeakDef> peaks() { return kPeaks; }
std::span<const SettlementDef> settlements() { return kSettlements; }
std::span<const KeySiteDef> key_sites() { return kKeySites; }
std::span<const BeachDef> beaches() { return kBeaches; }
std::span<const ShelterDef> shelters() { return kShelters; }
std::span<const PointDef> hospitals() { return kHospitals; }
std::span<const PointDef> checkpoints() { return kCheckpoints; }
std::span<const PointDef> harbours() { return kHarbours; }

}  // namespace dapeng
