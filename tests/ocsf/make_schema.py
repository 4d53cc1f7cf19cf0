#!/usr/bin/env python3
"""Turn the OCSF schema's own source files into JSON Schema, one file per event class.

    python3 make_schema.py OCSF_SOURCE_DIR OUT_DIR [CLASS_NAME ...]

OCSF_SOURCE_DIR is a checkout of the OCSF schema repository at a release tag
(version.json, categories.json, dictionary.json, events/, objects/, profiles/).
The schemas are written to OUT_DIR/<version>/<class_name>.json; with no class
names, the classes Warden exports are written.

The OCSF source is not JSON Schema: classes and objects extend each other,
pull in profiles with "$include", and take their types, enums and
descriptions from the attribute dictionary. This script first resolves all of
that the way the OCSF schema compiler does for the core schema (platform
extensions are not merged), then writes each class as a self-contained
draft 2020-12 schema:

  * every attribute of the class and of each object it reaches, typed from the
    dictionary's data types (string_t -> string, integer_t/long_t/timestamp_t
    -> integer, float_t -> number, boolean_t -> boolean, json_t -> anything,
    with the type's regex, max_len and range where OCSF gives them);
  * objects as $defs, arrays where the dictionary says is_array;
  * enums where OCSF defines them (the *_id attributes; 99 "Other" is allowed
    wherever OCSF lists it), class_uid/category_uid fixed to the class;
  * "required" for every attribute OCSF marks required; attributes a profile
    brings are allowed always, and required only when the event names that
    profile in metadata.profiles;
  * OCSF's at_least_one / just_one constraints as anyOf / oneOf;
  * "additionalProperties": false on every object that defines attributes, as
    the OCSF server's own JSON Schema export does (a misspelt attribute fails;
    anything source specific belongs in "unmapped", whose type, OCSF's
    generic "object", takes any member);
  * for the class itself: type_uid must equal class_uid * 100 + activity_id,
    and an enum's caption sibling (activity_name, severity, status, ...) must
    carry OCSF's caption for the _id value unless the value is 99 (Other).

Only the Python standard library is used.
"""

import copy
import json
import sys
from pathlib import Path

DEFAULT_CLASSES = [
    "process_activity",   # 1007
    "file_activity",      # 1001
    "network_activity",   # 4001
    "http_activity",      # 4002
    "api_activity",       # 6003
    "detection_finding",  # 2004
]

REQUIREMENT_RANK = {None: 0, "optional": 1, "recommended": 2, "required": 3}
RANK_REQUIREMENT = {v: k for k, v in REQUIREMENT_RANK.items()}


class SchemaError(Exception):
    pass


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def deep_merge(dest, source):
    """Merge source into dest in place; dicts merge recursively, anything else is replaced."""
    for key, value in source.items():
        if key in dest and isinstance(dest[key], dict) and isinstance(value, dict):
            deep_merge(dest[key], value)
        else:
            dest[key] = value


class Ocsf:
    """The resolved (flattened) core OCSF schema: classes, objects and dictionary."""

    def __init__(self, root):
        self.root = Path(root)
        self.version = read_json(self.root / "version.json")["version"]
        self.categories = read_json(self.root / "categories.json").get("attributes", {})
        self.dictionary = read_json(self.root / "dictionary.json")
        self.types = self.dictionary.setdefault("types", {}).setdefault("attributes", {})
        self.attributes = self.dictionary.setdefault("attributes", {})
        self.include_cache = {}
        self.classes = self._read_items("events")
        self.objects = self._read_items("objects")
        self.profiles = {}
        for path in sorted((self.root / "profiles").rglob("*.json")):
            profile = read_json(path)
            self.include_cache[path.resolve()] = profile
            self.profiles[profile["name"]] = profile
        self.observable_type_ids = {}

        for items in (self.classes, self.objects):
            for item in items.values():
                self._resolve_includes(item)
        self._dictionary_object_types()
        self._collect_observables()
        for items in (self.classes, self.objects):
            for name in list(items):
                self._resolve_extends(items, name)
        self.classes = {n: c for n, c in self.classes.items() if n == "base_event" or "uid" in c}
        self.objects = {n: o for n, o in self.objects.items() if not n.startswith("_")}
        self._enrich_classes()
        self._add_datetime_siblings()
        for items in (self.classes, self.objects):
            for item in items.values():
                self._finish_attributes(item)
        if "observable" in self.objects:
            type_id = self.objects["observable"]["attributes"].get("type_id")
            if type_id is not None:
                type_id.setdefault("enum", {}).update(self.observable_type_ids)

    # -- reading ------------------------------------------------------------

    def _read_items(self, folder):
        items = {}
        for path in sorted((self.root / folder).rglob("*.json")):
            item = read_json(path)
            name = item.get("name")
            if not name:
                raise SchemaError(f"{path}: no name")
            if name in items:
                raise SchemaError(f"{path}: duplicate {folder} name {name}")
            # An attribute's "profile" (a name, or null for "not a profile's")
            # becomes a "profiles" list, or None.
            for attribute in item.get("attributes", {}).values():
                if isinstance(attribute, dict) and "profile" in attribute:
                    profile = attribute.pop("profile")
                    attribute["profiles"] = None if profile is None else [profile]
            items[name] = item
        return items

    def _include(self, file_name):
        path = (self.root / file_name).resolve()
        if path not in self.include_cache:
            self.include_cache[path] = read_json(path)
        return self.include_cache[path]

    # -- merging ------------------------------------------------------------

    @staticmethod
    def _merge_attribute(dest, source):
        for key, value in source.items():
            if key not in dest or dest[key] == value:
                dest[key] = value
            elif key == "profiles":
                # null wins ("not a profile's attribute"); otherwise the union
                dest["profiles"] = None if value is None or dest["profiles"] is None \
                    else sorted(set(dest["profiles"]) | set(value))
            elif key == "requirement" and source.get("profiles") is not None and "profiles" in dest:
                # an attribute two profiles bring takes the stronger requirement
                dest["requirement"] = RANK_REQUIREMENT[max(REQUIREMENT_RANK[dest["requirement"]],
                                                           REQUIREMENT_RANK[value])]
            elif isinstance(dest[key], dict) and isinstance(value, dict):
                deep_merge(dest[key], value)
            else:
                dest[key] = value

    def _merge_attributes(self, dest, source):
        for name, attribute in source.items():
            if name in dest:
                self._merge_attribute(dest[name], attribute)
            else:
                dest[name] = attribute

    def _resolve_includes(self, item):
        attributes = item.setdefault("attributes", {})
        includes = attributes.pop("$include", None)
        if includes is not None:
            for file_name in [includes] if isinstance(includes, str) else includes:
                included = self._include(file_name)
                merged = copy.deepcopy(included.get("attributes", {}))
                for attribute in merged.values():
                    if included.get("meta") == "profile":
                        attribute["profiles"] = [included["name"]]
                    for key, value in included.get("annotations", {}).items():
                        attribute.setdefault(key, value)
                self._merge_attributes(merged, item["attributes"])
                item["attributes"] = merged
        attributes = item["attributes"]
        for name, attribute in list(attributes.items()):
            if isinstance(attribute, dict) and "$include" in attribute:
                merged = copy.deepcopy(self._include(attribute.pop("$include")))
                deep_merge(merged, attribute)
                attributes[name] = merged

    def _dictionary_object_types(self):
        for name, attribute in self.attributes.items():
            if attribute.get("type") not in self.types:
                if attribute.get("type") not in self.objects:
                    raise SchemaError(f"dictionary attribute {name}: unknown type {attribute.get('type')}")
                attribute["object_type"] = attribute["type"]
                attribute["type"] = "object_t"

    def _resolve_extends(self, items, name, seen=()):
        item = items[name]
        parent_name = item.get("extends")
        if not parent_name or item.get("_resolved"):
            return
        if parent_name not in items:
            raise SchemaError(f"{name} extends unknown {parent_name}")
        if parent_name in seen:
            raise SchemaError(f"extends cycle at {name}")
        self._resolve_extends(items, parent_name, seen + (name,))
        merged = copy.deepcopy(items[parent_name])
        for key, value in item.items():
            if key == "attributes":
                self._merge_attributes(merged.setdefault("attributes", {}), value)
            elif key == "profiles":
                merged["profiles"] = sorted(set(merged.get("profiles", [])) | set(value))
            else:
                merged[key] = value
        merged["_resolved"] = True
        items[name] = merged

    def _collect_observables(self):
        # The observable object's type_id enum is the set of observable type ids
        # declared anywhere in the schema.
        def add(value, caption):
            self.observable_type_ids.setdefault(str(value), {"caption": caption})

        for kind in (self.types, self.attributes):
            for name, detail in kind.items():
                if "observable" in detail:
                    add(detail["observable"], detail.get("caption", name))
        for items in (self.objects, self.classes):
            for name, item in items.items():
                if "observable" in item:
                    add(item["observable"], item.get("caption", name))
                for attribute_name, attribute in item.get("attributes", {}).items():
                    if "observable" in attribute:
                        add(attribute["observable"], f"{item.get('caption', name)}: {attribute_name}")
                for path, value in item.get("observables", {}).items():
                    add(value, f"{item.get('caption', name)}: {path}")

    def _enrich_classes(self):
        for name, cls in self.classes.items():
            attributes = cls.setdefault("attributes", {})
            category = self.categories.get(cls.get("category"))
            category_uid = category.get("uid", 0) if category else 0
            uid = category_uid * 1000 + cls.get("uid", 0)
            cls["uid"] = uid
            cls["category_uid"] = category_uid
            caption = cls.get("caption", name)
            activities = attributes.get("activity_id", {}).get("enum")
            if not activities:
                raise SchemaError(f"class {name}: activity_id has no enum")
            type_enum = {str(uid * 100 + int(k)): {"caption": f"{caption}: {v.get('caption', '')}"}
                         for k, v in activities.items()}
            type_enum.setdefault(str(uid * 100), {"caption": f"{caption}: Unknown"})
            attributes.setdefault("type_uid", {})["enum"] = type_enum
            attributes.setdefault("class_uid", {})["enum"] = {str(uid): {"caption": caption}}
            if category:
                attributes.setdefault("category_uid", {})["enum"] = {
                    str(category_uid): {"caption": category.get("caption", "")}}

    def _add_datetime_siblings(self):
        # The "datetime" profile gives every timestamp_t attribute an optional
        # <name>_dt sibling of type datetime_t.
        if "datetime" not in self.profiles or "datetime_t" not in self.types:
            return
        for name, attribute in list(self.attributes.items()):
            if attribute.get("type") == "timestamp_t":
                sibling = copy.deepcopy(attribute)
                sibling["type"] = "datetime_t"
                self.attributes[f"{name}_dt"] = sibling
        for items in (self.classes, self.objects):
            for item in items.values():
                additions = {}
                for name, attribute in item["attributes"].items():
                    kind = attribute.get("type", self.attributes.get(name, {}).get("type"))
                    if kind == "timestamp_t":
                        sibling = copy.deepcopy(attribute)
                        sibling["profiles"] = ["datetime"]
                        sibling["requirement"] = "optional"
                        additions[f"{name}_dt"] = sibling
                item["attributes"].update(additions)

    def _finish_attributes(self, item):
        finished = {}
        for name, attribute in item["attributes"].items():
            if name not in self.attributes:
                raise SchemaError(f"{item.get('name')}: attribute {name} is not in the dictionary")
            merged = copy.deepcopy(self.attributes[name])
            deep_merge(merged, attribute)
            merged.setdefault("requirement", "optional")
            finished[name] = merged
        item["attributes"] = finished


class JsonSchemaWriter:
    def __init__(self, ocsf):
        self.ocsf = ocsf

    def base_type(self, type_name):
        """Follow a dictionary data type down to its primitive, gathering its constraints."""
        constraints = {}
        seen = set()
        while True:
            if type_name in seen:
                raise SchemaError(f"data type cycle at {type_name}")
            seen.add(type_name)
            detail = self.ocsf.types.get(type_name)
            if detail is None:
                raise SchemaError(f"unknown data type {type_name}")
            for key in ("regex", "max_len", "range"):
                if key in detail and key not in constraints:
                    constraints[key] = detail[key]
            parent = detail.get("type")
            if not parent or parent == type_name:
                return type_name, constraints
            type_name = parent

    def attribute_schema(self, attribute):
        kind = attribute["type"]
        if kind == "object_t":
            schema = {"$ref": f"#/$defs/{attribute['object_type']}"}
        else:
            primitive, constraints = self.base_type(kind)
            for key in ("regex", "max_len", "range"):
                if key in attribute:
                    constraints[key] = attribute[key]
            schema = {}
            json_type = {
                "string_t": "string",
                "integer_t": "integer",
                "long_t": "integer",
                "float_t": "number",
                "boolean_t": "boolean",
                "json_t": None,
            }
            if primitive not in json_type:
                raise SchemaError(f"no JSON type for data type {primitive}")
            if json_type[primitive]:
                schema["type"] = json_type[primitive]
            if "enum" in attribute and primitive in ("string_t", "integer_t", "long_t"):
                values = sorted(int(k) if primitive != "string_t" else k for k in attribute["enum"])
                if len(values) == 1:
                    schema["const"] = values[0]
                else:
                    schema["enum"] = values
            if json_type[primitive] == "string":
                if "regex" in constraints:
                    schema["pattern"] = constraints["regex"]
                if "max_len" in constraints:
                    schema["maxLength"] = constraints["max_len"]
            if json_type[primitive] in ("integer", "number") and "range" in constraints:
                schema["minimum"], schema["maximum"] = constraints["range"]
        if attribute.get("is_array"):
            schema = {"type": "array", "items": schema}
        return schema

    @staticmethod
    def put_constraints(schema, item, present):
        constraints = item.get("constraints") or {}
        at_least_one = [a for a in constraints.get("at_least_one", []) if a in present]
        just_one = [a for a in constraints.get("just_one", []) if a in present]
        if at_least_one:
            schema["anyOf"] = [{"required": [a]} for a in at_least_one]
        if just_one:
            schema["oneOf"] = [{"required": [a], "not": {"anyOf": [{"required": [b]} for b in just_one if b != a]}}
                               for a in just_one]

    def item_schema(self, item, is_class):
        attributes = item["attributes"]
        constrained = set((item.get("constraints") or {}).get("at_least_one", [])) | \
            set((item.get("constraints") or {}).get("just_one", []))
        properties = {}
        required = []
        profile_required = {}
        for name in sorted(attributes):
            attribute = attributes[name]
            properties[name] = self.attribute_schema(attribute)
            if attribute.get("requirement") != "required" or name in constrained:
                continue
            profiles = attribute.get("profiles")
            if not profiles:
                required.append(name)
            elif is_class:
                for profile in profiles:
                    profile_required.setdefault(profile, []).append(name)
        schema = {"title": item.get("caption", item.get("name")), "type": "object"}
        if properties:
            schema["properties"] = properties
            schema["additionalProperties"] = False
        if required:
            schema["required"] = required
        self.put_constraints(schema, item, properties)
        rules = []
        for profile in sorted(profile_required):
            rules.append({
                "if": {"required": ["metadata"],
                       "properties": {"metadata": {"required": ["profiles"],
                                                   "properties": {"profiles": {"contains": {"const": profile}}}}}},
                "then": {"required": sorted(profile_required[profile])},
            })
        if is_class:
            rules.extend(self.class_rules(item))
        if rules:
            schema["allOf"] = rules
        return schema

    def class_rules(self, cls):
        attributes = cls["attributes"]
        rules = []
        uid = cls["uid"]
        for activity in sorted(int(k) for k in attributes["activity_id"]["enum"]):
            rules.append({"if": {"required": ["activity_id"], "properties": {"activity_id": {"const": activity}}},
                          "then": {"properties": {"type_uid": {"const": uid * 100 + activity}}}})
        for name in sorted(attributes):
            attribute = attributes[name]
            sibling = attribute.get("sibling")
            if not sibling or sibling not in attributes or "enum" not in attribute or attribute.get("is_array"):
                continue
            if self.base_type(attribute["type"])[0] not in ("integer_t", "long_t"):
                continue
            for key, value in sorted(attribute["enum"].items(), key=lambda kv: int(kv[0])):
                # 99 is "Other": its caption sibling holds the source's own label
                if int(key) % 100 == 99 or "caption" not in value:
                    continue
                rules.append({"if": {"required": [name], "properties": {name: {"const": int(key)}}},
                              "then": {"properties": {sibling: {"const": value["caption"]}}}})
        return rules

    def reachable_objects(self, cls):
        todo = [a["object_type"] for a in cls["attributes"].values() if a.get("type") == "object_t"]
        seen = set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            if name not in self.ocsf.objects:
                raise SchemaError(f"unknown object {name}")
            seen.add(name)
            todo.extend(a["object_type"] for a in self.ocsf.objects[name]["attributes"].values()
                        if a.get("type") == "object_t")
        return sorted(seen)

    def class_schema(self, name):
        if name not in self.ocsf.classes:
            raise SchemaError(f"unknown class {name}")
        cls = self.ocsf.classes[name]
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://schema.ocsf.io/{self.ocsf.version}/classes/{name}",
            "$comment": f"OCSF {self.ocsf.version} class {cls['caption']} (class_uid {cls['uid']}),"
                        " generated by tests/ocsf/make_schema.py from the OCSF schema source; see README.md.",
        }
        schema.update(self.item_schema(cls, is_class=True))
        schema["$defs"] = {o: self.item_schema(self.ocsf.objects[o], is_class=False)
                           for o in self.reachable_objects(cls)}
        return schema


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    source, out = Path(argv[1]), Path(argv[2])
    names = argv[3:] or DEFAULT_CLASSES
    try:
        ocsf = Ocsf(source)
        writer = JsonSchemaWriter(ocsf)
        target = out / ocsf.version
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            schema = writer.class_schema(name)
            path = target / f"{name}.json"
            with open(path, "w", encoding="utf-8") as f:
                json.dump(schema, f, indent=1, sort_keys=False, ensure_ascii=False)
                f.write("\n")
            print(f"{path}: class_uid {ocsf.classes[name]['uid']}, {len(schema['$defs'])} objects,"
                  f" {path.stat().st_size} bytes")
    except (SchemaError, OSError, KeyError, ValueError) as e:
        print(f"make_schema: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
