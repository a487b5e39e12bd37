<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_PT">
<context>
    <name>main</name>
    <message>
        <source>Train, watch and question image classifiers of rare species</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this project folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render each main view to PNG files in this folder, then quit.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taxo::ui::BrowsePage</name>
    <message>
        <source>Search family, id or path…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort by id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort by family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort by split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort by confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mistakes first</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n specimen(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>taxo::ui::ClassTableModel</name>
    <message>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phylum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taxo::ui::LabelEditor</name>
    <message>
        <source>Some of the selected specimens are no longer in the project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Relabel %n specimen(s) as %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exclude %n specimen(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Include %n specimen(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>A label cannot be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Accept %n suggestion(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>taxo::ui::MainWindow</name>
    <message>
        <source>Taxoscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Specimens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label not changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project from &amp;metadata.csv…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project from a &amp;folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xclude or include selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Accept the model&apos;s suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Taxoscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — about %1 s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taxonomy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter taxa…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes when Taxoscope starts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taxoscope — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another job is running; wait for it or cancel it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import report:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a metadata.csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an empty folder for the new project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the folder holding one folder per family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a Taxoscope project folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Taxoscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Taxoscope %1&lt;/h3&gt;&lt;p&gt;Train, watch and question image classifiers of rare species.&lt;/p&gt;&lt;p&gt;Pretrained MobileNet weights: Google Coral &lt;i&gt;test_data&lt;/i&gt;, Apache License 2.0.&lt;br&gt;Rare-species photos: Encyclopedia of Life via the BioCLIP &lt;i&gt;rare species&lt;/i&gt; data set (Stevens et al., arXiv:2311.18803); each image keeps its own EOL licence.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taxo::ui::ProjectPage</name>
    <message>
        <source>Filter families…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No split yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split %1: %2 train, %3 validation, %4 test.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;%1&lt;/h2&gt;&lt;p&gt;%2 specimens in %3 classes (%4 excluded, %5 unlabelled). Photos per class: min %6, median %7, max %8. %9&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taxo::ui::SpecimenDetails</name>
    <message>
        <source>No specimen selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taxonomy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split part:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Family label, e.g. chordata_ardeidae</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relabel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the selected specimens this label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exclude / include (X)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept suggestion (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model&apos;s top 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No predictions: train a model or choose a run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n specimens selected; changes apply to all of them.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source> (excluded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading photo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No photo</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taxo::ui::SpecimenListModel</name>
    <message>
        <source>#%1 %2
%3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>taxo::ui::TaxonomyModel</name>
    <message>
        <source>Taxon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Specimens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n excluded</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>taxo::ui::WelcomePage</name>
    <message>
        <source>&lt;h1&gt;Taxoscope&lt;/h1&gt;&lt;p&gt;Train, watch and question image classifiers of rare species.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project from a metadata.csv…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project from a folder of class folders…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the sample project (rare species, 4 families)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent projects&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
