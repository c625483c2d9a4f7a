#!/usr/bin/env python3
"""Acceptance tests of `dptwin district` and `dptwin bench district` (standard library only).

Usage: test_district.py PATH/TO/dptwin SOURCE_DIR [unittest options]

Third-party inputs are made here with GDAL's own command-line tools (gdal-bin): a DEM GeoTIFF in
UTM zone 50N (EPSG:32650), buildings in a GeoPackage in EPSG:4326 (ogr2ogr), roads in an
OpenStreetMap XML file. The checks compare `district sample` with `gdallocationinfo` on the DEM.
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

DPTWIN = None
SOURCE_DIR = None

# The DEM: 10 m cells in UTM 50N, lower-left corner at (240000, 2490000) — inside Dapeng.
XLL, YLL, CELL, NCOLS, NROWS = 240000.0, 2490000.0, 10.0, 120, 90
CRS = "EPSG:32650"


def dem_value(col, row):
    """A smooth, non-linear surface (bilinear interpolation of it is not exact between samples)."""
    return round(40.0 + 25.0 * math.sin(col / 9.0) * math.cos(row / 7.0) + 0.004 * col * row, 3)


def centre(col, row):
    """UTM position of the centre of pixel (col, row); row 0 is the northernmost."""
    return XLL + (col + 0.5) * CELL, YLL + (NROWS - row - 0.5) * CELL


def bilinear_dem(x, y):
    """The DEM at a UTM position, bilinear between pixel centres (computed from dem_value)."""
    fc = (x - XLL) / CELL - 0.5
    fr = (YLL + NROWS * CELL - y) / CELL - 0.5
    c0, r0 = int(math.floor(fc)), int(math.floor(fr))
    tx, ty = fc - c0, fr - r0
    return ((dem_value(c0, r0) * (1 - tx) + dem_value(c0 + 1, r0) * tx) * (1 - ty) +
            (dem_value(c0, r0 + 1) * (1 - tx) + dem_value(c0 + 1, r0 + 1) * tx) * ty)


def run(*args, timeout=300, check=True):
    p = subprocess.run(list(args), capture_output=True, text=True, timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s%s" % (" ".join(args), p.returncode, p.stdout, p.stderr))
    return p


def dptwin(*args, timeout=300):
    p = subprocess.run([DPTWIN, *args], capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def to_lonlat(points):
    """UTM 50N → WGS-84 with gdaltransform (PROJ), full precision."""
    text = "".join("%.6f %.6f\n" % p for p in points)
    p = subprocess.run(["gdaltransform", "-s_srs", CRS, "-t_srs", "EPSG:4326", "-output_xy"], input=text,
                       capture_output=True, text=True, check=True)
    return [tuple(float(v) for v in line.split()) for line in p.stdout.splitlines() if line.strip()]


def gdal_value(dem, lon, lat):
    p = run("gdallocationinfo", "-valonly", "-wgs84", dem, repr(lon), repr(lat))
    return float(p.stdout.strip())


def write_dem(path_tif, tmp, hole=None):
    asc = os.path.join(tmp, os.path.basename(path_tif) + ".asc")
    with open(asc, "w") as f:
        f.write("ncols %d\nnrows %d\nxllcorner %.1f\nyllcorner %.1f\ncellsize %.1f\nNODATA_value -9999\n"
                % (NCOLS, NROWS, XLL, YLL, CELL))
        for r in range(NROWS):
            vals = []
            for c in range(NCOLS):
                inside_hole = hole and hole[0] <= c < hole[1] and hole[2] <= r < hole[3]
                vals.append("-9999" if inside_hole else "%.3f" % dem_value(c, r))
            f.write(" ".join(vals) + "\n")
    run("gdal_translate", "-q", "-of", "GTiff", "-a_srs", CRS, asc, path_tif)


def rect(x, y, w, h):
    return [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]


def building_features():
    """(properties, rings) in UTM; 30 boxes with the three height sources, a courtyard, a bowtie
    (invalid, repaired) and a degenerate one (skipped)."""
    feats = []
    for i in range(30):
        x = XLL + 100.0 + (i % 10) * 60.0
        y = YLL + 150.0 + (i // 10) * 60.0
        props = {"name": "box %d" % i}
        if i < 10:
            props["height"] = "15"
        elif i < 20:
            props["building:levels"] = "4"
        feats.append((props, [rect(x, y, 12.0, 8.0)]))
    outer = rect(XLL + 700.0, YLL + 500.0, 30.0, 30.0)
    hole = rect(XLL + 710.0, YLL + 510.0, 10.0, 10.0)[::-1]
    feats.append(({"name": "courtyard", "height": "20 m"}, [outer, hole]))
    bx, by = XLL + 800.0, YLL + 500.0
    feats.append(({"name": "bowtie", "height": "10"}, [[[bx, by], [bx + 20, by + 20], [bx + 20, by], [bx, by + 20], [bx, by]]]))
    feats.append(({"name": "degenerate"}, [[[bx, by + 100], [bx + 10, by + 100], [bx + 20, by + 100], [bx, by + 100]]]))
    return feats


def write_buildings_gpkg(path, tmp):
    src = os.path.join(tmp, "buildings_utm.geojson")
    fc = {"type": "FeatureCollection",
          "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32650"}},
          "features": [{"type": "Feature", "properties": p, "geometry": {"type": "Polygon", "coordinates": rings}}
                       for p, rings in building_features()]}
    with open(src, "w") as f:
        json.dump(fc, f)
    run("ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:4326", "-nln", "buildings", path, src)


def write_roads_osm(path):
    """A + crossing: a two-way primary road W-E (4 lanes in all, 60 km/h) and a one-way residential
    road S-N, meeting at a shared node; and a stream, which is not a road."""
    cx, cy = XLL + 600.0, YLL + 450.0
    utm = [(cx - 400, cy), (cx, cy), (cx + 400, cy), (cx, cy - 300), (cx, cy + 300), (cx - 300, cy - 350), (cx + 300, cy - 350)]
    ll = to_lonlat(utm)
    nodes = "".join('  <node id="%d" version="1" lat="%.10f" lon="%.10f"/>\n' % (i + 1, lat, lon)
                    for i, (lon, lat) in enumerate(ll))
    ways = """  <way id="101" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/>
    <tag k="highway" v="primary"/><tag k="lanes" v="4"/><tag k="maxspeed" v="60"/><tag k="name" v="Kuiping Road"/></way>
  <way id="102" version="1"><nd ref="4"/><nd ref="2"/><nd ref="5"/>
    <tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
  <way id="103" version="1"><nd ref="6"/><nd ref="7"/><tag k="waterway" v="stream"/></way>
"""
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="hand">\n' + nodes + ways + "</osm>\n")


@unittest.skipUnless(shutil.which("gdal_translate") and shutil.which("ogr2ogr") and shutil.which("gdallocationinfo"),
                     "gdal-bin is not installed (tools/setup installs it)")
class ImportThirdPartyData(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="dpt-district-")
        cls.dem = os.path.join(cls.tmp, "dem_utm50n.tif")
        cls.gpkg = os.path.join(cls.tmp, "buildings_4326.gpkg")
        cls.osm = os.path.join(cls.tmp, "roads.osm")
        write_dem(cls.dem, cls.tmp)
        write_buildings_gpkg(cls.gpkg, cls.tmp)
        write_roads_osm(cls.osm)
        cls.out = os.path.join(cls.tmp, "district")
        cls.imported = dptwin("district", "import", "--crs", CRS, "--dem", cls.dem, "--buildings", cls.gpkg,
                              "--roads", cls.osm, "--out", cls.out)
        code, out, err = dptwin("district", "info", cls.out, "--json")
        cls.info = json.loads(out) if code == 0 else None
        cls.info_err = err

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    def layer(self, name):
        return next(l for l in self.info["layers"] if l["name"] == name)

    def test_import_succeeds_and_reports_problems(self):
        code, out, err = self.imported
        self.assertEqual(code, 0, out + err)
        self.assertIn("skipped", out)
        issues = os.path.join(self.out, "import_issues.csv")
        with open(issues) as f:
            text = f.read()
        self.assertIn(self.gpkg, text)
        self.assertIn("repaired", text)

    def test_feature_counts(self):
        self.assertIsNotNone(self.info, self.info_err)
        b = self.layer("buildings")
        # 30 boxes + the courtyard + the repaired bowtie (two triangles after MakeValid); the degenerate
        # ring is skipped and counted.
        self.assertEqual(b["skipped"], 1)
        self.assertEqual(b["repaired"], 1)
        self.assertEqual(self.info["buildings"]["count"], 33)
        r = self.layer("roads")
        self.assertEqual(r["skipped"], 1)  # the stream
        self.assertEqual(self.info["roads"]["nodes"], 5)
        self.assertEqual(self.info["roads"]["links"], 6)  # 2 x 2 two-way + 2 one-way
        self.assertAlmostEqual(self.info["roads"]["centreline_km"], 1.4, delta=0.01)
        t = self.info["terrain"]
        self.assertEqual((t["nx"], t["ny"]), (NCOLS, NROWS))
        self.assertEqual(t["filled_holes"], 0)

    def sample(self, lonlats, name):
        inp = os.path.join(self.tmp, name + "_in.csv")
        out = os.path.join(self.tmp, name + "_out.csv")
        with open(inp, "w") as f:
            f.write("id,lon,lat\n")
            for i, (lon, lat) in enumerate(lonlats):
                f.write("%d,%.12f,%.12f\n" % (i, lon, lat))
        code, o, e = dptwin("district", "sample", self.out, "--points", inp, "--out", out)
        self.assertEqual(code, 0, o + e)
        with open(out) as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), len(lonlats))
        return rows

    def test_sample_matches_gdallocationinfo_on_grid_points(self):
        cells = [(c, r) for c in range(3, NCOLS - 3, 13) for r in range(2, NROWS - 2, 11)]
        lonlats = to_lonlat([centre(c, r) for c, r in cells])
        rows = self.sample(lonlats, "grid")
        worst = 0.0
        for (c, r), (lon, lat), row in zip(cells, lonlats, rows):
            expected = gdal_value(self.dem, lon, lat)
            self.assertAlmostEqual(expected, dem_value(c, r), places=3)
            diff = abs(float(row["ground_z"]) - expected)
            worst = max(worst, diff)
            self.assertLess(diff, 0.01, "pixel %d,%d" % (c, r))
        sys.stderr.write("\n  %d pixel centres: largest |ground_z - gdallocationinfo| = %.3g m\n" % (len(rows), worst))

    def test_sample_is_bilinear_between_grid_points(self):
        cases = [(c + fx, r + fy) for c, r in ((5, 7), (40, 33), (77, 60), (101, 12)) for fx, fy in ((0.5, 0.5), (0.25, 0.8), (0.9, 0.1))]
        pts = [(XLL + (c + 0.5) * CELL, YLL + (NROWS - r - 0.5) * CELL) for c, r in cases]
        lonlats = to_lonlat(pts)
        rows = self.sample(lonlats, "between")
        for (c, r), row in zip(cases, rows):
            c0, r0 = int(c), int(r)
            tx, ty = c - c0, r - r0
            # The four neighbours, as gdallocationinfo reads them.
            corner = {}
            for dc in (0, 1):
                for dr in (0, 1):
                    lon, lat = to_lonlat([centre(c0 + dc, r0 + dr)])[0]
                    corner[dc, dr] = gdal_value(self.dem, lon, lat)
            expected = ((corner[0, 0] * (1 - tx) + corner[1, 0] * tx) * (1 - ty) +
                        (corner[0, 1] * (1 - tx) + corner[1, 1] * tx) * ty)
            self.assertLess(abs(float(row["ground_z"]) - expected), 0.01, "at %.2f,%.2f" % (c, r))
            self.assertEqual(row["building_id"], "")
            self.assertAlmostEqual(float(row["surface_z"]), float(row["ground_z"]), places=3)

    def test_surface_inside_buildings(self):
        # Centres of box 0 (height 15), box 10 (4 levels = 12 m), box 20 (default 9 m), and the courtyard
        # (inside the hole: ground; in the ring: 20 m).
        pts = [(XLL + 106.0, YLL + 154.0), (XLL + 106.0, YLL + 214.0), (XLL + 106.0, YLL + 274.0),
               (XLL + 715.0, YLL + 515.0), (XLL + 703.0, YLL + 503.0)]
        footprints = [rect(XLL + 100.0, YLL + 150.0, 12.0, 8.0), rect(XLL + 100.0, YLL + 210.0, 12.0, 8.0),
                      rect(XLL + 100.0, YLL + 270.0, 12.0, 8.0), None, rect(XLL + 700.0, YLL + 500.0, 30.0, 30.0)]
        rows = self.sample(to_lonlat(pts), "buildings")
        heights = [15.0, 12.0, 9.0, None, 20.0]
        ids = ["1", "11", "21", "", "31"]  # GeoPackage fids from ogr2ogr, in input order
        for row, h, fid, ring in zip(rows, heights, ids, footprints):
            self.assertEqual(row["building_id"], fid)
            ground, surface = float(row["ground_z"]), float(row["surface_z"])
            if h is None:
                self.assertAlmostEqual(surface, ground, places=3)
            else:
                # The roof is flat at base + height; the base is the lowest ground under the footprint's
                # vertices (docs/district.md), bilinear in the DEM.
                base = min(bilinear_dem(x, y) for x, y in ring)
                self.assertLess(abs(surface - (base + h)), 0.01, "building %s" % fid)


@unittest.skipUnless(shutil.which("gdal_translate") and shutil.which("ogr2ogr"), "gdal-bin is not installed")
class ImportBadInput(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dpt-district-bad-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def p(self, name):
        return os.path.join(self.tmp, name)

    def import_(self, *args):
        return dptwin("district", "import", "--crs", CRS, "--out", self.p("out"), *args)

    def test_layer_without_crs(self):
        src = self.p("b.geojson")
        with open(src, "w") as f:
            json.dump({"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [rect(0, 0, 10, 10)]}}]}, f)
        run("ogr2ogr", "-f", "ESRI Shapefile", self.p("noprj.shp"), src)
        os.remove(self.p("noprj.prj"))
        code, out, err = self.import_("--buildings", self.p("noprj.shp"))
        self.assertEqual(code, 2, out + err)
        self.assertIn("noprj.shp", err)
        self.assertIn("CRS", err)
        self.assertFalse(os.path.exists(self.p("out")))

    def test_empty_layer(self):
        src = self.p("empty.geojson")
        with open(src, "w") as f:
            json.dump({"type": "FeatureCollection", "features": []}, f)
        code, out, err = self.import_("--buildings", src)
        self.assertEqual(code, 2, out + err)
        self.assertIn("empty.geojson", err)
        self.assertIn("empty", err)

    def test_unreadable_files(self):
        junk = self.p("junk.tif")
        with open(junk, "w") as f:
            f.write("not a raster\n")
        for args, name in ((("--dem", junk), "junk.tif"), (("--roads", self.p("missing.osm")), "missing.osm")):
            code, out, err = self.import_(*args)
            self.assertEqual(code, 2, out + err)
            self.assertIn(name, err)

    def test_nodata_holes_are_filled_and_reported(self):
        dem = self.p("holes.tif")
        write_dem(dem, self.tmp, hole=(30, 34, 20, 23))
        code, out, err = self.import_("--dem", dem)
        self.assertEqual(code, 0, out + err)
        code, out, err = dptwin("district", "info", self.p("out"), "--json")
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(out)["terrain"]["filled_holes"], 12)
        code, out, err = dptwin("district", "info", self.p("out"))
        self.assertIn("12 nodata samples filled", out)

    def test_bad_points_file(self):
        write_dem(self.p("dem.tif"), self.tmp)
        self.assertEqual(self.import_("--dem", self.p("dem.tif"))[0], 0)
        pts = self.p("pts.csv")
        with open(pts, "w") as f:
            f.write("lon,lat\n114.47,22.5\n114.47,north\n")
        code, out, err = dptwin("district", "sample", self.p("out"), "--points", pts, "--out", self.p("o.csv"))
        self.assertEqual(code, 2, out + err)
        self.assertIn("pts.csv:3", err)
        self.assertIn("lat", err)


class DefaultDistrict(unittest.TestCase):
    """assets/dapeng: the counts the issue asks for, and the benchmark's JSON line."""

    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(SOURCE_DIR, "assets", "dapeng")

    def test_info_counts(self):
        code, out, err = dptwin("district", "info", self.dir, "--json")
        self.assertEqual(code, 0, err)
        info = json.loads(out)
        self.assertGreaterEqual(info["buildings"]["count"], 20000)
        self.assertGreaterEqual(info["roads"]["centreline_km"], 300.0)
        self.assertEqual(info["roads"]["strong_components"], 1)
        self.assertEqual(info["cameras"]["count"], 7000)
        self.assertGreater(info["sensors"]["count"], 0)
        self.assertEqual(info["crs"], "EPSG:4547")
        self.assertGreaterEqual(info["terrain"]["max_z"], 868.0)
        statuses = {l["name"]: l["status"] for l in info["layers"]}
        self.assertEqual(statuses.get("terrain"), "synthetic")
        self.assertIn(statuses.get("coastline"), ("real", "derived"))
        code, text, err = dptwin("district", "info", self.dir)
        self.assertEqual(code, 0, err)
        self.assertIn("synthetic", text)

    def test_map_is_a_png_of_the_terrain_aspect(self):
        tmp = tempfile.mkdtemp(prefix="dpt-map-")
        self.addCleanup(shutil.rmtree, tmp, True)
        png = os.path.join(tmp, "map.png")
        code, out, err = dptwin("district", "map", self.dir, "--out", png, "--width", "400")
        self.assertEqual(code, 0, out + err)
        with open(png, "rb") as f:
            head = f.read(24)
        self.assertEqual(head[:8], b"\x89PNG\r\n\x1a\n")
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        self.assertEqual(width, 400)
        code, out, err = dptwin("district", "info", self.dir, "--json")
        ext = json.loads(out)["terrain"]["extent"]
        self.assertAlmostEqual(height, 400 * (ext[3] - ext[1]) / (ext[2] - ext[0]), delta=1.0)

    def test_bench_district_ends_with_json(self):
        code, out, err = dptwin("bench", "district", self.dir, "--seconds", "0.3", "--threads", "2")
        self.assertEqual(code, 0, out + err)
        last = json.loads(out.strip().splitlines()[-1])
        self.assertGreater(last["load_s"], 0.0)
        self.assertGreater(last["rays_per_s"], 0.0)


def main():
    global DPTWIN, SOURCE_DIR
    if len(sys.argv) < 3:
        sys.exit("usage: test_district.py PATH/TO/dptwin SOURCE_DIR [unittest options]")
    DPTWIN = os.path.abspath(sys.argv[1])
    SOURCE_DIR = os.path.abspath(sys.argv[2])
    prog = unittest.main(argv=[sys.argv[0], "-v", *sys.argv[3:]], exit=False)
    sys.exit(0 if prog.result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
