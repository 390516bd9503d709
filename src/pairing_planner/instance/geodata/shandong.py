"""Shandong's 17 cities as of 2016 (Laiwu merged into Jinan in 2019): id, name, 6-digit
division code and seat coordinates, from cpca 0.5.5's ``adcodes.csv`` (taken with
``tools/seat_coordinates.py``). Shipped as data so nothing is fetched at run time."""

from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    """A city seat."""

    id: str
    name: str
    adcode: str
    lat: float
    lon: float


CITIES: tuple[City, ...] = (
    City("jinan", "济南市", "370100", 36.6512, 117.120098),
    City("qingdao", "青岛市", "370200", 36.067131, 120.382621),
    City("zibo", "淄博市", "370300", 36.813546, 118.055019),
    City("zaozhuang", "枣庄市", "370400", 34.810488, 117.323725),
    City("dongying", "东营市", "370500", 37.433963, 118.674614),
    City("yantai", "烟台市", "370600", 37.464539, 121.447852),
    City("weifang", "潍坊市", "370700", 36.706962, 119.161748),
    City("jining", "济宁市", "370800", 35.414982, 116.587282),
    City("taian", "泰安市", "370900", 36.200252, 117.087614),
    City("weihai", "威海市", "371000", 37.513412, 122.120282),
    City("rizhao", "日照市", "371100", 35.416734, 119.526925),
    City("laiwu", "莱芜市", "371200", 36.213813, 117.676723),
    City("linyi", "临沂市", "371300", 35.104673, 118.356414),
    City("dezhou", "德州市", "371400", 37.436657, 116.359381),
    City("liaocheng", "聊城市", "371500", 36.456684, 115.985389),
    City("binzhou", "滨州市", "371600", 37.38198, 117.970699),
    City("heze", "菏泽市", "371700", 35.23375, 115.480656),
)
