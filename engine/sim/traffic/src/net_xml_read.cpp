// SUMO .net.xml reader (format: sumo.dlr.de/docs/Networks/SUMO_Road_Networks.html). Two passes:
// the first reads edges, lanes, junctions, programs and the location, keeping references as text
// (junctions come after the edges that name them); the second resolves every reference and reads
// the connections. All problems are collected, each with its file and line.
#include <algorithm>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>
#include <unordered_map>

#include "dpt/sim/traffic/net_xml.h"
#include "net_xml_fields.h"

namespace dpt::sim::traffic {

namespace {

using detail::FieldReader;

struct PendingEdge {
  std::uint32_t edge;
  pugi::xml_node node;
  const char* from;
  const char* to;
};
struct PendingJunction {
  std::uint32_t junction;
  pugi::xml_node node;
  const char* inc_lanes;
  const char* int_lanes;
};

class NetReader {
 public:
  NetReader(const std::string& file, const detail::LineTable& lines, ErrorList& errors) : f_{file, lines, errors} {}

  void read(const pugi::xml_node& root) {
    for (const pugi::xml_node n : root.children()) {
      const std::string_view tag = n.name();
      if (tag == "edge")
        read_edge(n);
      else if (tag == "junction")
        read_junction(n);
      else if (tag == "tlLogic")
        read_signal(n);
      else if (tag == "location")
        read_location(n);
    }
    for (std::uint32_t i = 0; i < net_.lanes.size(); ++i) net_.lane_by_id.emplace(net_.lane_ids[i], i);
    for (std::uint32_t i = 0; i < net_.junctions.size(); ++i)
      if (!net_.junction_by_id.emplace(net_.junctions[i].id, i).second)
        f_.error(pending_junctions_[i].node, "<junction>: duplicate id '" + net_.junctions[i].id + "'");
    for (std::uint32_t i = 0; i < net_.edges.size(); ++i)
      if (!net_.edge_by_id.emplace(net_.edges[i].id, i).second)
        f_.error(edge_nodes_[i], "<edge>: duplicate id '" + net_.edges[i].id + "'");
    for (std::uint32_t i = 0; i < net_.signals.size(); ++i) net_.signal_by_id[net_.signals[i].id] = i;
    resolve_edges();
    resolve_junctions();
    for (const pugi::xml_node n : root.children("connection")) read_connection(n);
  }

  Network take() { return std::move(net_); }

 private:
  void read_edge(const pugi::xml_node& n) {
    const char* id = f_.required(n, "id");
    if (!id) return;
    Edge e;
    e.id = id;
    const std::string_view function = FieldReader::optional(n, "function") ? n.attribute("function").value() : "normal";
    if (function == "internal")
      e.function = EdgeFunction::internal;
    else if (function == "crossing")
      e.function = EdgeFunction::crossing;
    else if (function == "walkingarea")
      e.function = EdgeFunction::walkingarea;
    else if (function != "normal")
      e.function = EdgeFunction::other;  // connector, ...
    if (const char* p = FieldReader::optional(n, "priority")) {
      std::int64_t v = -1;
      if (f_.integer(n, "priority", p, v)) e.priority = static_cast<int>(v);
    }
    const auto index = static_cast<std::uint32_t>(net_.edges.size());
    e.lanes.first = static_cast<std::uint32_t>(net_.lanes.size());
    for (const pugi::xml_node ln : n.children("lane")) {
      if (read_lane(ln, index, e.lanes.count, id)) ++e.lanes.count;
    }
    if (e.lanes.count == 0) f_.error(n, std::string("<edge id=\"") + id + "\"> has no <lane>");
    // Normal edges name their junctions; crossings and walking areas lie in one and may not.
    if (e.function == EdgeFunction::normal) {
      const char* from = f_.required(n, "from");
      const char* to = f_.required(n, "to");
      if (from && to) pending_edges_.push_back({index, n, from, to});
    } else if (e.function != EdgeFunction::internal) {
      const char* from = FieldReader::optional(n, "from");
      const char* to = FieldReader::optional(n, "to");
      if (from && to) pending_edges_.push_back({index, n, from, to});
    }
    net_.edges.push_back(std::move(e));
    edge_nodes_.push_back(n);
  }

  // A lane with a bad field is still kept (the result fails anyway), so that references to it
  // do not add errors of their own; false when it has no id.
  bool read_lane(const pugi::xml_node& n, std::uint32_t edge, std::uint32_t expected_index, const char* edge_id) {
    const char* id = f_.required(n, "id");
    if (!id) return false;
    Lane l;
    l.edge = edge;
    if (f_.required_index(n, "index", l.index) && l.index != expected_index)
      f_.error(n, std::string("<lane id=\"") + id + "\">: expected index " + std::to_string(expected_index) +
                      " (lanes of edge '" + edge_id + "' are listed right-most first), got " + std::to_string(l.index));
    f_.required_real(n, "speed", l.speed_mps);
    f_.required_real(n, "length", l.length_m);
    f_.optional_real(n, "width", l.width_m);
    l.allowed = permissions_from_sumo(FieldReader::optional(n, "allow"), FieldReader::optional(n, "disallow"));
    l.shape.first = static_cast<std::uint32_t>(net_.shape_points.size());
    const char* shape = f_.required(n, "shape");
    if (shape && f_.shape(n, "shape", shape, net_.shape_points)) {
      l.shape.count = static_cast<std::uint32_t>(net_.shape_points.size()) - l.shape.first;
      if (l.shape.count < 2) f_.error(n, std::string("<lane id=\"") + id + "\">: a shape needs at least 2 positions");
    } else {
      net_.shape_points.resize(l.shape.first);
    }
    l.index = expected_index;
    net_.lanes.push_back(l);
    net_.lane_ids.emplace_back(id);
    return true;
  }

  // Like lanes, a junction with a bad field is kept so that edges naming it resolve.
  void read_junction(const pugi::xml_node& n) {
    const char* id = f_.required(n, "id");
    if (!id) return;
    const char* type = f_.required(n, "type");
    Junction j;
    j.id = id;
    f_.required_real(n, "x", j.x);
    f_.required_real(n, "y", j.y);
    f_.optional_real(n, "z", j.z);
    if (type && !junction_type_from_string(type, j.type)) {
      // Types this model does not tell apart (rail_signal, rail_crossing, unknown, ...).
      j.type = JunctionType::other;
    }
    const auto index = static_cast<std::uint32_t>(net_.junctions.size());
    read_requests(n, j);
    pending_junctions_.push_back(
        {index, n, FieldReader::optional(n, "incLanes"), FieldReader::optional(n, "intLanes")});
    net_.junctions.push_back(std::move(j));
  }

  // <request index response foes cont>: one row per link, rows in index order.
  void read_requests(const pugi::xml_node& n, Junction& j) {
    std::uint32_t rows = 0;
    for (const pugi::xml_node r : n.children("request")) (void)r, ++rows;
    j.link_count = rows;
    j.words = (rows + 63) / 64;
    j.request_offset = static_cast<std::uint32_t>(net_.request_words.size());
    net_.request_words.resize(net_.request_words.size() + (2 * std::size_t{rows} + 1) * j.words, 0);
    std::uint64_t* base = net_.request_words.data() + j.request_offset;
    std::uint32_t row = 0;
    for (const pugi::xml_node r : n.children("request")) {
      std::uint32_t index = 0;
      const char* response = f_.required(r, "response");
      const char* foes = f_.required(r, "foes");
      if (!f_.required_index(r, "index", index) || !response || !foes) {
        ++row;
        continue;
      }
      if (index != row) {
        f_.error(r, "<request>: expected index " + std::to_string(row) + ", got " + std::to_string(index));
      } else {
        const std::string expect = "a string of " + std::to_string(rows) + " '0'/'1' (one per <request>)";
        if (!detail::parse_request_bits(response, rows, base + std::size_t{row} * j.words))
          f_.error(r, "<request> attribute 'response': expected " + expect + ", got '" + response + "'");
        if (!detail::parse_request_bits(foes, rows, base + (std::size_t{rows} + row) * j.words))
          f_.error(r, "<request> attribute 'foes': expected " + expect + ", got '" + foes + "'");
        const std::string_view cont = FieldReader::optional(r, "cont") ? r.attribute("cont").value() : "0";
        if (cont == "1")
          base[2 * std::size_t{rows} * j.words + (row >> 6)] |= std::uint64_t{1} << (row & 63U);
        else if (cont != "0")
          f_.error(r, "<request> attribute 'cont': expected 0 or 1, got '" + std::string(cont) + "'");
      }
      ++row;
    }
  }

  void read_signal(const pugi::xml_node& n) {
    const char* id = f_.required(n, "id");
    if (!id) return;
    SignalProgram p;
    const char* program = f_.required(n, "programID");
    if (const char* type = FieldReader::optional(n, "type")) {
      const std::string_view t(type);
      p.type = t == "static"        ? SignalType::static_
               : t == "actuated"    ? SignalType::actuated
               : t == "delay_based" ? SignalType::delay_based
                                    : SignalType::other;
    }
    f_.optional_real(n, "offset", p.offset_s);
    for (const pugi::xml_node ph : n.children("phase")) {
      SignalPhase phase;
      const char* state = f_.required(ph, "state");
      if (!f_.required_real(ph, "duration", phase.duration_s) || !state) continue;
      if (!f_.optional_real(ph, "minDur", phase.min_dur_s) || !f_.optional_real(ph, "maxDur", phase.max_dur_s))
        continue;
      phase.state = state;
      if (p.phases.empty())
        p.link_count = static_cast<std::uint32_t>(phase.state.size());
      else if (phase.state.size() != p.link_count)
        f_.error(ph, "<phase>: expected a state of " + std::to_string(p.link_count) +
                         " signals like the first phase, got " + std::to_string(phase.state.size()));
      p.phases.push_back(std::move(phase));
    }
    if (p.phases.empty()) f_.error(n, std::string("<tlLogic id=\"") + id + "\"> has no <phase>");
    p.id = id;
    p.program_id = program ? program : "";
    net_.signals.push_back(std::move(p));
  }

  void read_location(const pugi::xml_node& n) {
    NetLocation& loc = net_.location;
    loc.net_offset = n.attribute("netOffset").value();
    loc.conv_boundary = n.attribute("convBoundary").value();
    loc.orig_boundary = n.attribute("origBoundary").value();
    loc.proj_parameter = n.attribute("projParameter").value();
    if (!loc.net_offset.empty()) {
      std::vector<Point2> p;
      if (f_.shape(n, "netOffset", loc.net_offset.c_str(), p) && p.size() == 1) {
        loc.offset_x = p[0].x;
        loc.offset_y = p[0].y;
      }
    }
  }

  std::uint32_t junction_ref(const pugi::xml_node& n, const char* attr, const char* id) {
    const std::uint32_t j = net_.find_junction(id);
    if (j == kNone)
      f_.error(n, std::string("<") + n.name() + "> attribute '" + attr + "': unknown junction '" + id + "'");
    return j;
  }

  std::uint32_t lane_ref(const pugi::xml_node& n, const char* attr, std::string_view id) {
    const std::uint32_t l = net_.find_lane(std::string(id));
    if (l == kNone)
      f_.error(n, std::string("<") + n.name() + "> attribute '" + attr + "': unknown lane '" + std::string(id) + "'");
    return l;
  }

  void resolve_edges() {
    for (const PendingEdge& p : pending_edges_) {
      net_.edges[p.edge].from_junction = junction_ref(p.node, "from", p.from);
      net_.edges[p.edge].to_junction = junction_ref(p.node, "to", p.to);
    }
  }

  void resolve_junctions() {
    for (const PendingJunction& p : pending_junctions_) {
      Junction& j = net_.junctions[p.junction];
      j.inc_lanes = lane_list(p.node, "incLanes", p.inc_lanes);
      j.int_lanes = lane_list(p.node, "intLanes", p.int_lanes);
    }
  }

  IndexRange lane_list(const pugi::xml_node& n, const char* attr, const char* text) {
    IndexRange r{static_cast<std::uint32_t>(net_.junction_lanes.size()), 0};
    if (!text) return r;
    for (const std::string_view id : detail::split_spaces(text)) {
      const std::uint32_t l = lane_ref(n, attr, id);
      if (l == kNone) continue;
      net_.junction_lanes.push_back(l);
      ++r.count;
    }
    return r;
  }

  // The lane `index` of edge `edge_id`, with an error naming what is wrong.
  std::uint32_t edge_lane(const pugi::xml_node& n, const char* edge_attr, const char* lane_attr) {
    const char* edge_id = f_.required(n, edge_attr);
    std::uint32_t index = 0;
    if (!f_.required_index(n, lane_attr, index) || !edge_id) return kNone;
    const std::uint32_t e = net_.find_edge(edge_id);
    if (e == kNone) {
      f_.error(n, std::string("<connection> attribute '") + edge_attr + "': unknown edge '" + edge_id + "'");
      return kNone;
    }
    const IndexRange lanes = net_.edges[e].lanes;
    if (index >= lanes.count) {
      f_.error(n, std::string("<connection>: unknown lane '") + edge_id + "_" + std::to_string(index) + "' (edge '" +
                      edge_id + "' has " + std::to_string(lanes.count) + " lanes; attribute '" + lane_attr + "')");
      return kNone;
    }
    return lanes.first + index;
  }

  void read_connection(const pugi::xml_node& n) {
    Connection c;
    c.from_lane = edge_lane(n, "from", "fromLane");
    c.to_lane = edge_lane(n, "to", "toLane");
    bool ok = c.from_lane != kNone && c.to_lane != kNone;
    if (const char* via = FieldReader::optional(n, "via")) {
      c.via_lane = lane_ref(n, "via", via);
      ok = ok && c.via_lane != kNone;
    }
    if (const char* tl = FieldReader::optional(n, "tl")) {
      c.tl = net_.signal_by_id.count(tl) ? net_.signal_by_id.at(tl) : kNone;
      if (c.tl == kNone) {
        f_.error(n, std::string("<connection> attribute 'tl': unknown traffic light '") + tl + "'");
        ok = false;
      } else if (!f_.required_index(n, "linkIndex", c.tl_link)) {
        ok = false;
      } else if (c.tl_link >= net_.signals[c.tl].link_count) {
        f_.error(n, "<connection> attribute 'linkIndex': expected an index below " +
                        std::to_string(net_.signals[c.tl].link_count) + " (the length of tlLogic '" + tl +
                        "' states), got " + std::to_string(c.tl_link));
        ok = false;
      }
    }
    if (const char* dir = FieldReader::optional(n, "dir")) {
      const std::string_view d(dir);
      c.dir = d.size() == 1 && std::string_view("stlrLR").find(d[0]) != std::string_view::npos
                  ? static_cast<LinkDirection>(d[0])
                  : LinkDirection::invalid;
    }
    if (const char* state = FieldReader::optional(n, "state")) {
      const std::string_view s(state);
      c.state = s.size() == 1 && std::string_view("Mm=swZ-OoGgryYu").find(s[0]) != std::string_view::npos
                    ? static_cast<LinkState>(s[0])
                    : LinkState::unknown;
    }
    if (ok) {
      net_.connections.push_back(c);
    }
  }

 public:
  // After index_network: every link that a request table governs must have a row there.
  void check_link_rows() {
    std::vector<std::uint32_t> links(net_.junctions.size(), 0);
    for (const Connection& c : net_.connections)
      if (c.link_index != kNone) links[c.junction] = std::max(links[c.junction], c.link_index + 1);
    for (const PendingJunction& p : pending_junctions_) {
      const Junction& j = net_.junctions[p.junction];
      if (links[p.junction] > j.link_count)
        f_.error(p.node, "<junction id=\"" + j.id + "\">: its incoming lanes have " +
                             std::to_string(links[p.junction]) + " connections, expected one <request> row each, got " +
                             std::to_string(j.link_count));
    }
  }
  Network& net() { return net_; }

 private:
  FieldReader f_;
  Network net_;
  std::vector<PendingEdge> pending_edges_;
  std::vector<pugi::xml_node> edge_nodes_;  // parallel to net_.edges
  std::vector<PendingJunction> pending_junctions_;
};

}  // namespace

Result<Network> read_net_xml_text(std::string_view text, const std::string& name) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size(), pugi::parse_default);
  const detail::LineTable lines(text);
  if (!parsed)
    return Result<Network>::failure(lines.locate(name, parsed.offset), std::string("XML: ") + parsed.description());
  const pugi::xml_node root = doc.child("net");
  if (!root) return Result<Network>::failure(SourceLoc{name, 1, 0}, "expected a SUMO network: no <net> element");
  ErrorList errors;
  NetReader reader(name, lines, errors);
  reader.read(root);
  if (!errors.empty()) return errors;
  index_network(reader.net());
  reader.check_link_rows();
  if (!errors.empty()) return errors;
  return reader.take();
}

Result<Network> read_net_xml(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Result<Network>::failure(SourceLoc{file.string(), 0, 0}, "cannot open the network file");
  std::ostringstream text;
  text << in.rdbuf();
  return read_net_xml_text(text.str(), file.string());
}

}  // namespace dpt::sim::traffic
