;; dlgen float64 kernels in WebAssembly SIMD (f64x2), compiled to kernels.wasm at build time
;; by scripts/build-wasm.mjs. All pointers and strides are BYTE offsets into the imported
;; shared memory. Every output element is computed in one fixed order, independent of the
;; blocking and of which rows a call covers, and exactly as the JavaScript twins in
;; jsKernels.ts compute it (IEEE mul then add, never fused), so results are bit-identical
;; whatever path, partition or thread produced them.
;;
;; Epilogue shared by the products: t = alpha*acc; out = (beta == 0) ? t : beta*C + t.
;;
;; gemm_bc  "broadcast" product, contraction over B's rows (NN and TN):
;;          acc(i,j) = sum_{p=0..k-1} A(i,p)*B(p,j), summed in increasing p, starting from 0,
;;          A(i,p) at a + i*ar + p*ap, B(p,j) at b + p*ldb + 8j, C(i,j) at c + i*ldc + 8j.
;; gemm_dot "dot" product, contraction over both operands' rows (NT):
;;          acc(i,j) = (E + O) [+ A(i,k-1)*B(j,k-1) if k is odd], E (O) the sum over even
;;          (odd) p < 2*floor(k/2) in increasing p; A(i,p) at a + i*lda + 8p, B(j,p) at b + j*ldb + 8p.
;;
;; Register blocks (the k loop innermost, one f64x2 accumulator per pair of outputs): gemm_bc
;; 4x4 (then 4x2, 4x1; leftover row pairs 2x8, 2x4, 2x2, 2x1; a last row 1x4, 1x2, 1x1), with
;; immediate offsets when A is stored transposed; gemm_dot 4x2 (leftover row pairs 2x4).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; ---------------------------------------------------------------- gemm_bc
  (func $gemm_bc (export "gemm_bc")
    (param $c i32) (param $a i32) (param $b i32)
    (param $m i32) (param $k i32) (param $n i32)
    (param $ar i32) (param $ap i32) (param $ldb i32) (param $ldc i32)
    (param $alpha f64) (param $beta f64)
    (local $i i32)
    (local.set $i (i32.const 0))
    (block $done
      (loop $rows4
        (br_if $done (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (call $bc_rows4
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
          (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ar)))
          (local.get $b) (local.get $k) (local.get $n)
          (local.get $ar) (local.get $ap) (local.get $ldb) (local.get $alpha) (local.get $beta))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows4)))
    (if (i32.le_s (i32.add (local.get $i) (i32.const 2)) (local.get $m))
      (then
        (call $bc_rows2
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
          (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ar)))
          (local.get $b) (local.get $k) (local.get $n)
          (local.get $ar) (local.get $ap) (local.get $ldb) (local.get $ldc) (local.get $alpha) (local.get $beta))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))))
    (block $done1
      (loop $rows1
        (br_if $done1 (i32.ge_s (local.get $i) (local.get $m)))
        (call $bc_row1
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
          (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ar)))
          (local.get $b) (local.get $k) (local.get $n)
          (local.get $ap) (local.get $ldb) (local.get $alpha) (local.get $beta))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows1))))

  ;; Four rows of C: 4x4 blocks, then a 4x2 block, then a 4x1 column.
  (func $bc_rows4
    (param $c i32) (param $a i32) (param $b i32) (param $k i32) (param $n i32)
    (param $ar i32) (param $ap i32) (param $ldb i32) (param $alpha f64) (param $beta f64)
    (local $j i32) (local $p i32) (local $pa i32) (local $pb i32) (local $pc i32)
    (local $ar2 i32) (local $ar3 i32) (local $ldc i32)
    (local $va v128) (local $vb0 v128) (local $vb1 v128) (local $al v128) (local $be v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64) (local $x f64)
    (local.set $ar2 (i32.add (local.get $ar) (local.get $ar)))
    (local.set $ar3 (i32.add (local.get $ar2) (local.get $ar)))
    (local.set $ldc (i32.shl (local.get $n) (i32.const 3)))
    (local.set $al (f64x2.splat (local.get $alpha)))
    (local.set $be (f64x2.splat (local.get $beta)))
    (local.set $j (i32.const 0))
    (block $jdone
      (loop $j4
        (br_if $jdone (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
        (local.set $c00 (v128.const i64x2 0 0)) (local.set $c01 (v128.const i64x2 0 0))
        (local.set $c10 (v128.const i64x2 0 0)) (local.set $c11 (v128.const i64x2 0 0))
        (local.set $c20 (v128.const i64x2 0 0)) (local.set $c21 (v128.const i64x2 0 0))
        (local.set $c30 (v128.const i64x2 0 0)) (local.set $c31 (v128.const i64x2 0 0))
        (local.set $pa (local.get $a))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $p (local.get $k))
        ;; A's four rows adjacent (TN: A stored transposed): immediate offsets instead of strides
        (if (i32.eq (local.get $ar) (i32.const 8))
          (then
            (block $pdone
              (br_if $pdone (i32.eqz (local.get $p)))
              (loop $ploop
                (local.set $vb0 (v128.load (local.get $pb)))
                (local.set $vb1 (v128.load offset=16 (local.get $pb)))
                (local.set $va (v128.load64_splat (local.get $pa)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $va (v128.load64_splat offset=8 (local.get $pa)))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $va (v128.load64_splat offset=16 (local.get $pa)))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $va (v128.load64_splat offset=24 (local.get $pa)))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $pa (i32.add (local.get $pa) (local.get $ap)))
                (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                (br_if $ploop (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))))
          (else
            (block $pdone
              (br_if $pdone (i32.eqz (local.get $p)))
              (loop $ploop
                (local.set $vb0 (v128.load (local.get $pb)))
                (local.set $vb1 (v128.load offset=16 (local.get $pb)))
                (local.set $va (v128.load64_splat (local.get $pa)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $va (v128.load64_splat (i32.add (local.get $pa) (local.get $ar))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $va (v128.load64_splat (i32.add (local.get $pa) (local.get $ar2))))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $va (v128.load64_splat (i32.add (local.get $pa) (local.get $ar3))))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $va) (local.get $vb0))))
                (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $va) (local.get $vb1))))
                (local.set $pa (i32.add (local.get $pa) (local.get $ap)))
                (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                (br_if $ploop (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))))
        ;; epilogue, inlined: t = alpha*acc; C = t (beta = 0) or beta*C + t
        (local.set $pc (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))))
        (if (f64.eq (local.get $beta) (f64.const 0))
          (then
              (v128.store (local.get $pc) (f64x2.mul (local.get $al) (local.get $c00)))
                            (v128.store offset=16 (local.get $pc) (f64x2.mul (local.get $al) (local.get $c01)))
              (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
                            (v128.store (local.get $pc) (f64x2.mul (local.get $al) (local.get $c10)))
                            (v128.store offset=16 (local.get $pc) (f64x2.mul (local.get $al) (local.get $c11)))
              (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
                            (v128.store (local.get $pc) (f64x2.mul (local.get $al) (local.get $c20)))
                            (v128.store offset=16 (local.get $pc) (f64x2.mul (local.get $al) (local.get $c21)))
              (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
                            (v128.store (local.get $pc) (f64x2.mul (local.get $al) (local.get $c30)))
                            (v128.store offset=16 (local.get $pc) (f64x2.mul (local.get $al) (local.get $c31))))
          (else
              (v128.store (local.get $pc) (f64x2.add (f64x2.mul (local.get $be) (v128.load (local.get $pc))) (f64x2.mul (local.get $al) (local.get $c00))))
                            (v128.store offset=16 (local.get $pc) (f64x2.add (f64x2.mul (local.get $be) (v128.load offset=16 (local.get $pc))) (f64x2.mul (local.get $al) (local.get $c01))))
              (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
                            (v128.store (local.get $pc) (f64x2.add (f64x2.mul (local.get $be) (v128.load (local.get $pc))) (f64x2.mul (local.get $al) (local.get $c10))))
                            (v128.store offset=16 (local.get $pc) (f64x2.add (f64x2.mul (local.get $be) (v128.load offset=16 (local.get $pc))) (f64x2.mul (local.get $al) (local.get $c11))))
              (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
                            (v128.store (local.get $pc) (f64x2.add (f64x2.mul (local.get $be) (v128.load (local.get $pc))) (f64x2.mul (local.get $al) (local.get $c20))))
                            (v128.store offset=16 (local.get $pc) (f64x2.add (f64x2.mul (local.get $be) (v128.load offset=16 (local.get $pc))) (f64x2.mul (local.get $al) (local.get $c21))))
              (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
                            (v128.store (local.get $pc) (f64x2.add (f64x2.mul (local.get $be) (v128.load (local.get $pc))) (f64x2.mul (local.get $al) (local.get $c30))))
                            (v128.store offset=16 (local.get $pc) (f64x2.add (f64x2.mul (local.get $be) (v128.load offset=16 (local.get $pc))) (f64x2.mul (local.get $al) (local.get $c31))))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $j4)))
    ;; two remaining columns
    (if (i32.le_s (i32.add (local.get $j) (i32.const 2)) (local.get $n))
      (then
        (local.set $c00 (v128.const i64x2 0 0)) (local.set $c10 (v128.const i64x2 0 0))
        (local.set $c20 (v128.const i64x2 0 0)) (local.set $c30 (v128.const i64x2 0 0))
        (local.set $pa (local.get $a))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $p (local.get $k))
        (block $pdone
          (loop $ploop
            (br_if $pdone (i32.eqz (local.get $p)))
            (local.set $vb0 (v128.load (local.get $pb)))
            (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (v128.load64_splat (local.get $pa)) (local.get $vb0))))
            (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ar))) (local.get $vb0))))
            (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ar2))) (local.get $vb0))))
            (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $ar3))) (local.get $vb0))))
            (local.set $pa (i32.add (local.get $pa) (local.get $ap)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $ploop)))
        (local.set $pc (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))))
        (call $epi2 (local.get $pc) (local.get $c00) (local.get $al) (local.get $be) (local.get $beta))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (call $epi2 (local.get $pc) (local.get $c10) (local.get $al) (local.get $be) (local.get $beta))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (call $epi2 (local.get $pc) (local.get $c20) (local.get $al) (local.get $be) (local.get $beta))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (call $epi2 (local.get $pc) (local.get $c30) (local.get $al) (local.get $be) (local.get $beta))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))))
    ;; one remaining column
    (if (i32.lt_s (local.get $j) (local.get $n))
      (then
        (local.set $s0 (f64.const 0)) (local.set $s1 (f64.const 0))
        (local.set $s2 (f64.const 0)) (local.set $s3 (f64.const 0))
        (local.set $pa (local.get $a))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $p (local.get $k))
        (block $pdone
          (loop $ploop
            (br_if $pdone (i32.eqz (local.get $p)))
            (local.set $x (f64.load (local.get $pb)))
            (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (local.get $pa)) (local.get $x))))
            (local.set $s1 (f64.add (local.get $s1) (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ar))) (local.get $x))))
            (local.set $s2 (f64.add (local.get $s2) (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ar2))) (local.get $x))))
            (local.set $s3 (f64.add (local.get $s3) (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ar3))) (local.get $x))))
            (local.set $pa (i32.add (local.get $pa) (local.get $ap)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $ploop)))
        (local.set $pc (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))))
        (call $epi1 (local.get $pc) (local.get $s0) (local.get $alpha) (local.get $beta))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (call $epi1 (local.get $pc) (local.get $s1) (local.get $alpha) (local.get $beta))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (call $epi1 (local.get $pc) (local.get $s2) (local.get $alpha) (local.get $beta))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (call $epi1 (local.get $pc) (local.get $s3) (local.get $alpha) (local.get $beta)))))

  ;; One row of C: 1x4 blocks, then 1x2, then 1x1.
  (func $bc_row1
    (param $c i32) (param $a i32) (param $b i32) (param $k i32) (param $n i32)
    (param $ap i32) (param $ldb i32) (param $alpha f64) (param $beta f64)
    (local $j i32) (local $p i32) (local $pa i32) (local $pb i32) (local $pc i32)
    (local $va v128) (local $al v128) (local $be v128) (local $c0 v128) (local $c1 v128) (local $s f64)
    (local.set $al (f64x2.splat (local.get $alpha)))
    (local.set $be (f64x2.splat (local.get $beta)))
    (local.set $j (i32.const 0))
    (block $jdone
      (loop $j4
        (br_if $jdone (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
        (local.set $c0 (v128.const i64x2 0 0)) (local.set $c1 (v128.const i64x2 0 0))
        (local.set $pa (local.get $a))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $p (local.get $k))
        (block $pdone
          (loop $ploop
            (br_if $pdone (i32.eqz (local.get $p)))
            (local.set $va (v128.load64_splat (local.get $pa)))
            (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $va) (v128.load (local.get $pb)))))
            (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $va) (v128.load offset=16 (local.get $pb)))))
            (local.set $pa (i32.add (local.get $pa) (local.get $ap)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $ploop)))
        (local.set $pc (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))))
        (call $epi2 (local.get $pc) (local.get $c0) (local.get $al) (local.get $be) (local.get $beta))
        (call $epi2 (i32.add (local.get $pc) (i32.const 16)) (local.get $c1) (local.get $al) (local.get $be) (local.get $beta))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $j4)))
    (if (i32.le_s (i32.add (local.get $j) (i32.const 2)) (local.get $n))
      (then
        (local.set $c0 (v128.const i64x2 0 0))
        (local.set $pa (local.get $a))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $p (local.get $k))
        (block $pdone
          (loop $ploop
            (br_if $pdone (i32.eqz (local.get $p)))
            (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (v128.load64_splat (local.get $pa)) (v128.load (local.get $pb)))))
            (local.set $pa (i32.add (local.get $pa) (local.get $ap)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $ploop)))
        (call $epi2 (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))) (local.get $c0) (local.get $al) (local.get $be) (local.get $beta))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))))
    (if (i32.lt_s (local.get $j) (local.get $n))
      (then
        (local.set $s (f64.const 0))
        (local.set $pa (local.get $a))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $p (local.get $k))
        (block $pdone
          (loop $ploop
            (br_if $pdone (i32.eqz (local.get $p)))
            (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
            (local.set $pa (i32.add (local.get $pa) (local.get $ap)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (br $ploop)))
        (call $epi1 (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))) (local.get $s) (local.get $alpha) (local.get $beta)))))

  ;; C[0..1] <- alpha*acc (beta = 0) or beta*C + alpha*acc.
  (func $epi2 (param $pc i32) (param $acc v128) (param $al v128) (param $be v128) (param $beta f64)
    (if (f64.eq (local.get $beta) (f64.const 0))
      (then (v128.store (local.get $pc) (f64x2.mul (local.get $al) (local.get $acc))))
      (else (v128.store (local.get $pc)
        (f64x2.add (f64x2.mul (local.get $be) (v128.load (local.get $pc))) (f64x2.mul (local.get $al) (local.get $acc)))))))

  (func $epi1 (param $pc i32) (param $acc f64) (param $alpha f64) (param $beta f64)
    (if (f64.eq (local.get $beta) (f64.const 0))
      (then (f64.store (local.get $pc) (f64.mul (local.get $alpha) (local.get $acc))))
      (else (f64.store (local.get $pc)
        (f64.add (f64.mul (local.get $beta) (f64.load (local.get $pc))) (f64.mul (local.get $alpha) (local.get $acc)))))))

  ;; ---------------------------------------------------------------- gemm_dot
  (func $gemm_dot (export "gemm_dot")
    (param $c i32) (param $a i32) (param $b i32)
    (param $m i32) (param $k i32) (param $n i32)
    (param $lda i32) (param $ldb i32) (param $ldc i32)
    (param $alpha f64) (param $beta f64)
    (local $i i32) (local $j i32) (local $pc i32) (local $pa i32)
    (local.set $i (i32.const 0))
    (block $idone
      (loop $i4
        (br_if $idone (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (local.set $pc (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))))
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))))
        (local.set $j (i32.const 0))
        (block $jdone
          (loop $j2
            (br_if $jdone (i32.gt_s (i32.add (local.get $j) (i32.const 2)) (local.get $n)))
            (call $dot4x2
              (i32.add (local.get $pc) (i32.shl (local.get $j) (i32.const 3)))
              (local.get $pa)
              (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb)))
              (local.get $k) (local.get $lda) (local.get $ldb) (local.get $ldc) (local.get $alpha) (local.get $beta))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $j2)))
        (if (i32.lt_s (local.get $j) (local.get $n))
          (then
            (call $dot1 (i32.add (local.get $pc) (i32.shl (local.get $j) (i32.const 3))) (local.get $pa)
              (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb))) (local.get $k) (local.get $alpha) (local.get $beta))
            (call $dot1 (i32.add (i32.add (local.get $pc) (local.get $ldc)) (i32.shl (local.get $j) (i32.const 3)))
              (i32.add (local.get $pa) (local.get $lda))
              (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb))) (local.get $k) (local.get $alpha) (local.get $beta))
            (call $dot1 (i32.add (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1))) (i32.shl (local.get $j) (i32.const 3)))
              (i32.add (local.get $pa) (i32.shl (local.get $lda) (i32.const 1)))
              (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb))) (local.get $k) (local.get $alpha) (local.get $beta))
            (call $dot1 (i32.add (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))) (i32.shl (local.get $j) (i32.const 3)))
              (i32.add (local.get $pa) (i32.mul (local.get $lda) (i32.const 3)))
              (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb))) (local.get $k) (local.get $alpha) (local.get $beta))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $i4)))
    (if (i32.le_s (i32.add (local.get $i) (i32.const 2)) (local.get $m))
      (then
        (local.set $pc (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))))
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))))
        (local.set $j (i32.const 0))
        (block $jdone
          (loop $j4
            (br_if $jdone (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
            (call $dot2x4
              (i32.add (local.get $pc) (i32.shl (local.get $j) (i32.const 3)))
              (local.get $pa)
              (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb)))
              (local.get $k) (local.get $lda) (local.get $ldb) (local.get $ldc) (local.get $alpha) (local.get $beta))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $j4)))
        (block $jdone1
          (loop $j1
            (br_if $jdone1 (i32.ge_s (local.get $j) (local.get $n)))
            (call $dot1 (i32.add (local.get $pc) (i32.shl (local.get $j) (i32.const 3))) (local.get $pa)
              (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb))) (local.get $k) (local.get $alpha) (local.get $beta))
            (call $dot1 (i32.add (i32.add (local.get $pc) (local.get $ldc)) (i32.shl (local.get $j) (i32.const 3)))
              (i32.add (local.get $pa) (local.get $lda))
              (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb))) (local.get $k) (local.get $alpha) (local.get $beta))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $j1)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))))
    (block $idone1
      (loop $i1
        (br_if $idone1 (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $pc (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))))
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))))
        (local.set $j (i32.const 0))
        (block $jdone
          (loop $j1
            (br_if $jdone (i32.ge_s (local.get $j) (local.get $n)))
            (call $dot1 (i32.add (local.get $pc) (i32.shl (local.get $j) (i32.const 3))) (local.get $pa)
              (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb))) (local.get $k) (local.get $alpha) (local.get $beta))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $j1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $i1))))

  ;; Four rows of A against two rows of B: eight f64x2 accumulators (even/odd lanes).
  (func $dot4x2
    (param $pc i32) (param $a i32) (param $b i32) (param $k i32)
    (param $lda i32) (param $ldb i32) (param $ldc i32) (param $alpha f64) (param $beta f64)
    (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $b1 i32) (local $off i32) (local $end i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $y0 v128) (local $y1 v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local $al v128) (local $be v128) (local $odd i32) (local $last i32)
    (local.set $a1 (i32.add (local.get $a) (local.get $lda)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $lda)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $lda)))
    (local.set $b1 (i32.add (local.get $b) (local.get $ldb)))
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 3)))
    (local.set $off (i32.const 0))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $p2
        (local.set $y0 (v128.load (i32.add (local.get $b) (local.get $off))))
        (local.set $y1 (v128.load (i32.add (local.get $b1) (local.get $off))))
        (local.set $x0 (v128.load (i32.add (local.get $a) (local.get $off))))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x0) (local.get $y0))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x0) (local.get $y1))))
        (local.set $x1 (v128.load (i32.add (local.get $a1) (local.get $off))))
        (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x1) (local.get $y0))))
        (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x1) (local.get $y1))))
        (local.set $x2 (v128.load (i32.add (local.get $a2) (local.get $off))))
        (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $x2) (local.get $y0))))
        (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $x2) (local.get $y1))))
        (local.set $x3 (v128.load (i32.add (local.get $a3) (local.get $off))))
        (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $x3) (local.get $y0))))
        (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $x3) (local.get $y1))))
        (br_if $p2 (i32.lt_u (local.tee $off (i32.add (local.get $off) (i32.const 16))) (local.get $end)))))
    ;; acc(i, j..j+1) = (even + odd lanes) of the two accumulators, exactly as dotEpi per element
    (local.set $al (f64x2.splat (local.get $alpha)))
    (local.set $be (f64x2.splat (local.get $beta)))
    (local.set $odd (i32.and (local.get $k) (i32.const 1)))
    (local.set $last (i32.shl (i32.sub (local.get $k) (i32.const 1)) (i32.const 3)))
    (if (local.get $odd)
      (then (local.set $y0 (f64x2.replace_lane 1
        (f64x2.splat (f64.load (i32.add (local.get $b) (local.get $last))))
        (f64.load (i32.add (local.get $b1) (local.get $last)))))))
    (local.set $x0 (f64x2.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s00) (local.get $s01))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s00) (local.get $s01))))
    (if (local.get $odd)
      (then (local.set $x0 (f64x2.add (local.get $x0)
        (f64x2.mul (v128.load64_splat (i32.add (local.get $a) (local.get $last))) (local.get $y0))))))
    (local.set $x0 (f64x2.mul (local.get $al) (local.get $x0)))
    (if (f64.eq (local.get $beta) (f64.const 0))
      (then (v128.store (local.get $pc) (local.get $x0)))
      (else (v128.store (local.get $pc) (f64x2.add (f64x2.mul (local.get $be) (v128.load (local.get $pc))) (local.get $x0)))))
    (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
    (local.set $x0 (f64x2.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s10) (local.get $s11))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s10) (local.get $s11))))
    (if (local.get $odd)
      (then (local.set $x0 (f64x2.add (local.get $x0)
        (f64x2.mul (v128.load64_splat (i32.add (local.get $a1) (local.get $last))) (local.get $y0))))))
    (local.set $x0 (f64x2.mul (local.get $al) (local.get $x0)))
    (if (f64.eq (local.get $beta) (f64.const 0))
      (then (v128.store (local.get $pc) (local.get $x0)))
      (else (v128.store (local.get $pc) (f64x2.add (f64x2.mul (local.get $be) (v128.load (local.get $pc))) (local.get $x0)))))
    (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
    (local.set $x0 (f64x2.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s20) (local.get $s21))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s20) (local.get $s21))))
    (if (local.get $odd)
      (then (local.set $x0 (f64x2.add (local.get $x0)
        (f64x2.mul (v128.load64_splat (i32.add (local.get $a2) (local.get $last))) (local.get $y0))))))
    (local.set $x0 (f64x2.mul (local.get $al) (local.get $x0)))
    (if (f64.eq (local.get $beta) (f64.const 0))
      (then (v128.store (local.get $pc) (local.get $x0)))
      (else (v128.store (local.get $pc) (f64x2.add (f64x2.mul (local.get $be) (v128.load (local.get $pc))) (local.get $x0)))))
    (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
    (local.set $x0 (f64x2.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s30) (local.get $s31))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s30) (local.get $s31))))
    (if (local.get $odd)
      (then (local.set $x0 (f64x2.add (local.get $x0)
        (f64x2.mul (v128.load64_splat (i32.add (local.get $a3) (local.get $last))) (local.get $y0))))))
    (local.set $x0 (f64x2.mul (local.get $al) (local.get $x0)))
    (if (f64.eq (local.get $beta) (f64.const 0))
      (then (v128.store (local.get $pc) (local.get $x0)))
      (else (v128.store (local.get $pc) (f64x2.add (f64x2.mul (local.get $be) (v128.load (local.get $pc))) (local.get $x0))))))

  ;; One row of A against one row of B.
  (func $dot1 (param $pc i32) (param $a i32) (param $b i32) (param $k i32) (param $alpha f64) (param $beta f64)
    (local $off i32) (local $end i32) (local $s v128)
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 3)))
    (local.set $off (i32.const 0))
    (block $done
      (loop $p2
        (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $s (f64x2.add (local.get $s)
          (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $off))) (v128.load (i32.add (local.get $b) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $p2)))
    (call $dotEpi (local.get $pc) (local.get $s) (local.get $a) (local.get $b) (local.get $k) (local.get $alpha) (local.get $beta)))

  ;; acc = even + odd lanes, plus the odd-k tail product; then the epilogue.
  (func $dotEpi (param $pc i32) (param $s v128) (param $a i32) (param $b i32) (param $k i32) (param $alpha f64) (param $beta f64)
    (local $acc f64) (local $last i32)
    (local.set $acc (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))
    (if (i32.and (local.get $k) (i32.const 1))
      (then
        (local.set $last (i32.shl (i32.sub (local.get $k) (i32.const 1)) (i32.const 3)))
        (local.set $acc (f64.add (local.get $acc)
          (f64.mul (f64.load (i32.add (local.get $a) (local.get $last))) (f64.load (i32.add (local.get $b) (local.get $last))))))))
    (call $epi1 (local.get $pc) (local.get $acc) (local.get $alpha) (local.get $beta)))

  ;; Two rows of C: 2x8 blocks (eight f64x2 accumulators), then 2x4, 2x2 and 2x1.
  (func $bc_rows2
    (param $c i32) (param $a i32) (param $b i32) (param $k i32) (param $n i32)
    (param $ar i32) (param $ap i32) (param $ldb i32) (param $ldc i32) (param $alpha f64) (param $beta f64)
    (local $j i32) (local $p i32) (local $pa i32) (local $pb i32) (local $pc i32)
    (local $x0 v128) (local $x1 v128) (local $y v128) (local $al v128) (local $be v128)
    (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128)
    (local $c10 v128) (local $c11 v128) (local $c12 v128) (local $c13 v128)
    (local $s0 f64) (local $s1 f64) (local $u f64)
    (local.set $al (f64x2.splat (local.get $alpha)))
    (local.set $be (f64x2.splat (local.get $beta)))
    (local.set $j (i32.const 0))
    (block $jdone
      (loop $j8
        (br_if $jdone (i32.gt_s (i32.add (local.get $j) (i32.const 8)) (local.get $n)))
        (local.set $c00 (v128.const i64x2 0 0)) (local.set $c01 (v128.const i64x2 0 0)) (local.set $c02 (v128.const i64x2 0 0)) (local.set $c03 (v128.const i64x2 0 0)) (local.set $c10 (v128.const i64x2 0 0)) (local.set $c11 (v128.const i64x2 0 0)) (local.set $c12 (v128.const i64x2 0 0)) (local.set $c13 (v128.const i64x2 0 0))
        (local.set $pa (local.get $a))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $p (local.get $k))
        (block $pdone
          (br_if $pdone (i32.eqz (local.get $p)))
          (loop $ploop
            (local.set $x0 (v128.load64_splat (local.get $pa)))
            (local.set $x1 (v128.load64_splat (i32.add (local.get $pa) (local.get $ar))))
            (local.set $y (v128.load (local.get $pb)))
            (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (local.get $y))))
            (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x1) (local.get $y))))
            (local.set $y (v128.load offset=16 (local.get $pb)))
            (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x0) (local.get $y))))
            (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x1) (local.get $y))))
            (local.set $y (v128.load offset=32 (local.get $pb)))
            (local.set $c02 (f64x2.add (local.get $c02) (f64x2.mul (local.get $x0) (local.get $y))))
            (local.set $c12 (f64x2.add (local.get $c12) (f64x2.mul (local.get $x1) (local.get $y))))
            (local.set $y (v128.load offset=48 (local.get $pb)))
            (local.set $c03 (f64x2.add (local.get $c03) (f64x2.mul (local.get $x0) (local.get $y))))
            (local.set $c13 (f64x2.add (local.get $c13) (f64x2.mul (local.get $x1) (local.get $y))))
            (local.set $pa (i32.add (local.get $pa) (local.get $ap)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (br_if $ploop (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
        (local.set $pc (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))))
        (call $epi2 (local.get $pc) (local.get $c00) (local.get $al) (local.get $be) (local.get $beta))
        (call $epi2 (i32.add (local.get $pc) (i32.const 16)) (local.get $c01) (local.get $al) (local.get $be) (local.get $beta))
        (call $epi2 (i32.add (local.get $pc) (i32.const 32)) (local.get $c02) (local.get $al) (local.get $be) (local.get $beta))
        (call $epi2 (i32.add (local.get $pc) (i32.const 48)) (local.get $c03) (local.get $al) (local.get $be) (local.get $beta))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (call $epi2 (local.get $pc) (local.get $c10) (local.get $al) (local.get $be) (local.get $beta))
        (call $epi2 (i32.add (local.get $pc) (i32.const 16)) (local.get $c11) (local.get $al) (local.get $be) (local.get $beta))
        (call $epi2 (i32.add (local.get $pc) (i32.const 32)) (local.get $c12) (local.get $al) (local.get $be) (local.get $beta))
        (call $epi2 (i32.add (local.get $pc) (i32.const 48)) (local.get $c13) (local.get $al) (local.get $be) (local.get $beta))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $j8)))
    (if (i32.le_s (i32.add (local.get $j) (i32.const 4)) (local.get $n))
      (then
        (local.set $c00 (v128.const i64x2 0 0)) (local.set $c01 (v128.const i64x2 0 0)) (local.set $c10 (v128.const i64x2 0 0)) (local.set $c11 (v128.const i64x2 0 0))
        (local.set $pa (local.get $a))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $p (local.get $k))
        (block $pdone
          (br_if $pdone (i32.eqz (local.get $p)))
          (loop $ploop
            (local.set $x0 (v128.load64_splat (local.get $pa)))
            (local.set $x1 (v128.load64_splat (i32.add (local.get $pa) (local.get $ar))))
            (local.set $y (v128.load (local.get $pb)))
            (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (local.get $y))))
            (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x1) (local.get $y))))
            (local.set $y (v128.load offset=16 (local.get $pb)))
            (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x0) (local.get $y))))
            (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x1) (local.get $y))))
            (local.set $pa (i32.add (local.get $pa) (local.get $ap)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (br_if $ploop (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
        (local.set $pc (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))))
        (call $epi2 (local.get $pc) (local.get $c00) (local.get $al) (local.get $be) (local.get $beta))
        (call $epi2 (i32.add (local.get $pc) (i32.const 16)) (local.get $c01) (local.get $al) (local.get $be) (local.get $beta))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (call $epi2 (local.get $pc) (local.get $c10) (local.get $al) (local.get $be) (local.get $beta))
        (call $epi2 (i32.add (local.get $pc) (i32.const 16)) (local.get $c11) (local.get $al) (local.get $be) (local.get $beta))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))))
    (if (i32.le_s (i32.add (local.get $j) (i32.const 2)) (local.get $n))
      (then
        (local.set $c00 (v128.const i64x2 0 0)) (local.set $c10 (v128.const i64x2 0 0))
        (local.set $pa (local.get $a))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $p (local.get $k))
        (block $pdone
          (br_if $pdone (i32.eqz (local.get $p)))
          (loop $ploop
            (local.set $x0 (v128.load64_splat (local.get $pa)))
            (local.set $x1 (v128.load64_splat (i32.add (local.get $pa) (local.get $ar))))
            (local.set $y (v128.load (local.get $pb)))
            (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (local.get $y))))
            (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x1) (local.get $y))))
            (local.set $pa (i32.add (local.get $pa) (local.get $ap)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (br_if $ploop (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
        (local.set $pc (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))))
        (call $epi2 (local.get $pc) (local.get $c00) (local.get $al) (local.get $be) (local.get $beta))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (call $epi2 (local.get $pc) (local.get $c10) (local.get $al) (local.get $be) (local.get $beta))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))))
    (if (i32.lt_s (local.get $j) (local.get $n))
      (then
        (local.set $s0 (f64.const 0)) (local.set $s1 (f64.const 0))
        (local.set $pa (local.get $a))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $p (local.get $k))
        (block $pdone
          (br_if $pdone (i32.eqz (local.get $p)))
          (loop $ploop
            (local.set $u (f64.load (local.get $pb)))
            (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (local.get $pa)) (local.get $u))))
            (local.set $s1 (f64.add (local.get $s1) (f64.mul (f64.load (i32.add (local.get $pa) (local.get $ar))) (local.get $u))))
            (local.set $pa (i32.add (local.get $pa) (local.get $ap)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (br_if $ploop (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
        (local.set $pc (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3))))
        (call $epi1 (local.get $pc) (local.get $s0) (local.get $alpha) (local.get $beta))
        (call $epi1 (i32.add (local.get $pc) (local.get $ldc)) (local.get $s1) (local.get $alpha) (local.get $beta)))))

  ;; Two rows of A against four rows of B: eight f64x2 accumulators (even/odd lanes).
  (func $dot2x4
    (param $pc i32) (param $a i32) (param $b i32) (param $k i32)
    (param $lda i32) (param $ldb i32) (param $ldc i32) (param $alpha f64) (param $beta f64)
    (local $a1 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32) (local $off i32) (local $end i32)
    (local $x0 v128) (local $x1 v128) (local $y v128) (local $al v128) (local $be v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (local.set $a1 (i32.add (local.get $a) (local.get $lda)))
    (local.set $b1 (i32.add (local.get $b) (local.get $ldb)))
    (local.set $b2 (i32.add (local.get $b1) (local.get $ldb)))
    (local.set $b3 (i32.add (local.get $b2) (local.get $ldb)))
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 3)))
    (local.set $off (i32.const 0))
    (block $done
      (br_if $done (i32.eqz (local.get $end)))
      (loop $p2
        (local.set $x0 (v128.load (i32.add (local.get $a) (local.get $off))))
        (local.set $x1 (v128.load (i32.add (local.get $a1) (local.get $off))))
        (local.set $y (v128.load (i32.add (local.get $b) (local.get $off))))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x0) (local.get $y))))
        (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x1) (local.get $y))))
        (local.set $y (v128.load (i32.add (local.get $b1) (local.get $off))))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x0) (local.get $y))))
        (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x1) (local.get $y))))
        (local.set $y (v128.load (i32.add (local.get $b2) (local.get $off))))
        (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $x0) (local.get $y))))
        (local.set $s12 (f64x2.add (local.get $s12) (f64x2.mul (local.get $x1) (local.get $y))))
        (local.set $y (v128.load (i32.add (local.get $b3) (local.get $off))))
        (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $x0) (local.get $y))))
        (local.set $s13 (f64x2.add (local.get $s13) (f64x2.mul (local.get $x1) (local.get $y))))
        (br_if $p2 (i32.lt_u (local.tee $off (i32.add (local.get $off) (i32.const 16))) (local.get $end)))))
    (local.set $al (f64x2.splat (local.get $alpha)))
    (local.set $be (f64x2.splat (local.get $beta)))
    (call $dot_pair (local.get $pc) (local.get $s00) (local.get $s01) (local.get $a) (local.get $b) (local.get $b1)
      (local.get $k) (local.get $al) (local.get $be) (local.get $beta))
    (call $dot_pair (i32.add (local.get $pc) (i32.const 16)) (local.get $s02) (local.get $s03) (local.get $a) (local.get $b2) (local.get $b3)
      (local.get $k) (local.get $al) (local.get $be) (local.get $beta))
    (call $dot_pair (i32.add (local.get $pc) (local.get $ldc)) (local.get $s10) (local.get $s11) (local.get $a1) (local.get $b) (local.get $b1)
      (local.get $k) (local.get $al) (local.get $be) (local.get $beta))
    (call $dot_pair (i32.add (i32.add (local.get $pc) (local.get $ldc)) (i32.const 16)) (local.get $s12) (local.get $s13) (local.get $a1) (local.get $b2) (local.get $b3)
      (local.get $k) (local.get $al) (local.get $be) (local.get $beta)))

  ;; C(i, j..j+1) from the accumulators s (column j) and t (column j+1): even + odd lanes, the odd-k
  ;; tail A(i,k-1)*B(j..j+1,k-1), then the epilogue; exactly dotEpi per element.
  (func $dot_pair (param $pc i32) (param $s v128) (param $t v128) (param $a i32) (param $b0 i32) (param $b1 i32)
    (param $k i32) (param $al v128) (param $be v128) (param $beta f64)
    (local $x v128) (local $last i32)
    (local.set $x (f64x2.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s) (local.get $t))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $s) (local.get $t))))
    (if (i32.and (local.get $k) (i32.const 1))
      (then
        (local.set $last (i32.shl (i32.sub (local.get $k) (i32.const 1)) (i32.const 3)))
        (local.set $x (f64x2.add (local.get $x) (f64x2.mul (v128.load64_splat (i32.add (local.get $a) (local.get $last)))
          (f64x2.replace_lane 1 (f64x2.splat (f64.load (i32.add (local.get $b0) (local.get $last))))
            (f64.load (i32.add (local.get $b1) (local.get $last)))))))))
    (local.set $x (f64x2.mul (local.get $al) (local.get $x)))
    (if (f64.eq (local.get $beta) (f64.const 0))
      (then (v128.store (local.get $pc) (local.get $x)))
      (else (v128.store (local.get $pc) (f64x2.add (f64x2.mul (local.get $be) (v128.load (local.get $pc))) (local.get $x))))))

  ;; ---------------------------------------------------------------- element-wise
  ;; out[i] = s[i] - d*w[i] for i < count (E = Sigma31 - D W). out may alias s or w.
  (func $sub_scaled (export "sub_scaled") (param $out i32) (param $s i32) (param $w i32) (param $count i32) (param $d f64)
    (local $off i32) (local $end i32) (local $dv v128)
    (local.set $dv (f64x2.splat (local.get $d)))
    (local.set $end (i32.shl (i32.and (local.get $count) (i32.const -2)) (i32.const 3)))
    (local.set $off (i32.const 0))
    (block $done
      (loop $v
        (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
        (v128.store (i32.add (local.get $out) (local.get $off))
          (f64x2.sub (v128.load (i32.add (local.get $s) (local.get $off)))
                     (f64x2.mul (local.get $dv) (v128.load (i32.add (local.get $w) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $v)))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (f64.store (i32.add (local.get $out) (local.get $end))
          (f64.sub (f64.load (i32.add (local.get $s) (local.get $end)))
                   (f64.mul (local.get $d) (f64.load (i32.add (local.get $w) (local.get $end)))))))))

  ;; y[i] = y[i] + alpha*x[i] for i < count.
  (func $axpy (export "axpy") (param $y i32) (param $x i32) (param $count i32) (param $alpha f64)
    (local $off i32) (local $end i32) (local $av v128)
    (local.set $av (f64x2.splat (local.get $alpha)))
    (local.set $end (i32.shl (i32.and (local.get $count) (i32.const -2)) (i32.const 3)))
    (local.set $off (i32.const 0))
    (block $done
      (loop $v
        (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
        (v128.store (i32.add (local.get $y) (local.get $off))
          (f64x2.add (v128.load (i32.add (local.get $y) (local.get $off)))
                     (f64x2.mul (local.get $av) (v128.load (i32.add (local.get $x) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $v)))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (f64.store (i32.add (local.get $y) (local.get $end))
          (f64.add (f64.load (i32.add (local.get $y) (local.get $end)))
                   (f64.mul (local.get $alpha) (f64.load (i32.add (local.get $x) (local.get $end)))))))))

  ;; y[i] = x[i] + alpha*y[i] for i < count (Horner steps of dense output).
  (func $xpay (export "xpay") (param $y i32) (param $x i32) (param $count i32) (param $alpha f64)
    (local $off i32) (local $end i32) (local $av v128)
    (local.set $av (f64x2.splat (local.get $alpha)))
    (local.set $end (i32.shl (i32.and (local.get $count) (i32.const -2)) (i32.const 3)))
    (local.set $off (i32.const 0))
    (block $done
      (loop $v
        (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
        (v128.store (i32.add (local.get $y) (local.get $off))
          (f64x2.add (v128.load (i32.add (local.get $x) (local.get $off)))
                     (f64x2.mul (local.get $av) (v128.load (i32.add (local.get $y) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $v)))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (f64.store (i32.add (local.get $y) (local.get $end))
          (f64.add (f64.load (i32.add (local.get $x) (local.get $end)))
                   (f64.mul (local.get $alpha) (f64.load (i32.add (local.get $y) (local.get $end)))))))))

  ;; Sum of squares of x[0..count): even and odd lanes summed separately in increasing i, then added,
  ;; plus the odd-count tail (the JS twin sumSqJs sums in the same order).
  (func $sumsq (export "sumsq") (param $x i32) (param $count i32) (result f64)
    (local $off i32) (local $end i32) (local $s v128) (local $v v128) (local $acc f64)
    (local.set $end (i32.shl (i32.and (local.get $count) (i32.const -2)) (i32.const 3)))
    (local.set $off (i32.const 0))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $v (v128.load (i32.add (local.get $x) (local.get $off))))
        (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $v) (local.get $v))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $l)))
    (local.set $acc (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))
    (if (i32.and (local.get $count) (i32.const 1))
      (then (local.set $acc (f64.add (local.get $acc)
        (f64.mul (f64.load (i32.add (local.get $x) (local.get $end))) (f64.load (i32.add (local.get $x) (local.get $end))))))))
    (local.get $acc))
)
