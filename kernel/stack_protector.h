/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_STACK_PROTECTOR_H
#define ONEPATH_STACK_PROTECTOR_H
/*
 * -fstack-protector-strong with the canary in a global
 * (-mstack-protector-guard=global: there is no TLS here).  It is seeded
 * once, first thing in onepath_main; the functions on the stack at that
 * moment must not be protected, hence STACK_PROTECTOR_OFF.
 */
#define STACK_PROTECTOR_OFF __attribute__((no_stack_protector))

void stack_protector_seed(void);

#endif
