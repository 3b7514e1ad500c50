"""The bridge between the database and the matching engine: conversion, the per-process index kept
current through a version stamp in the database, and learning from decisions. No pages of its own."""
