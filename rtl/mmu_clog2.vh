// mmu_clog2.vh -- ceil(log2(v)) for parameter arithmetic (v >= 1). Included
// inside a module body (`include "mmu_clog2.vh"), once per module that needs it.
  function integer clog2;
    input integer v;
    integer r;
    begin
      r = 0;
      while ((1 << r) < v) r = r + 1;
      clog2 = r;
    end
  endfunction
