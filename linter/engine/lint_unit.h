// The one driver every format goes through: a unit is loaded, evaluated, adapted
// into a Model, checked by the rules, and its findings are located, given their
// severity and filtered by the suppressions written in its files.
//
//   prepare (load -> evaluate -> adapt)     a Prepared unit: its Model and what the
//                                           steps after it read
//   finish (check -> locate -> severity -> suppress)   its FileReports
//
// A Prepared template is kept for the StackSet pass, which re-binds its Model to the
// regions a StackSet deploys it to and finishes it again (engine/run.cpp).
#pragma once
#include <memory>
#include <vector>

#include "linter/engine/engine.h"
#include "linter/source/unit.h"

namespace amilint {

struct Prepared;

struct UnitResult {
  std::vector<FileReport> reports;       // one per unit candidate, in the unit's order
  std::shared_ptr<Prepared> prepared;    // templates that have a Model, when asked to keep it
  std::vector<BakedImage> baked;         // a Packer build: the images it makes, with known regions
  bool launches_baked = false;           // it may launch an image a Packer build makes (baked.h)
};

UnitResult lint_unit(const Unit& unit, const EngineOptions& options, const std::vector<const Rule*>& rules,
                     bool keep = false);

// A template linted again with other deploy regions (options.lint.regions), from what
// lint_unit kept: its Model re-bound, checked, located and filtered.
FileReport relint(Prepared& prepared, const EngineOptions& options, const std::vector<const Rule*>& rules);

// The Model a unit adapts to (loaded, evaluated and adapted, not checked): for tests
// and for looking at what amilint understood.
Model unit_model(const Unit& unit, const EngineOptions& options);

// An estimate of the memory a kept unit holds.
size_t kept_bytes(const Prepared& prepared);

}  // namespace amilint
