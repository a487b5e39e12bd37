#pragma once
// Training: the run settings (defaulting to the study's best: ConvNextFull head on cached features, batch 32,
// AdamW 1e-4, weight decay 3e-4, up to 13 epochs; or end to end: the backbone's last blocks fine-tuned at their own
// learning rate, or one of the study's from-scratch CNNs), Start / Pause / Resume / Cancel of core's trainRun on a worker
// thread, its progress, and the live learning curves, which stay after the run and can be exported.
#include <QElapsedTimer>
#include <QWidget>

#include <cstdint>

#include "core/train/run_job.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

class JobRunner;
class TrainingCharts;

class TrainingPage : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPage(QWidget* parent = nullptr);
    ~TrainingPage() override;

    // nullptr closes. Shows the last run's curves when the project has one.
    void setStore(ProjectStore* store);
    // The run the settings describe (for tests and "run again").
    RunConfig config() const;
    void setConfig(const RunConfig& config);
    // Models folder for backbones; empty: defaultModelsDir().
    void setModelsDir(const QString& dir);

    bool start();
    void pause();
    void resume();
    void cancel();
    bool running() const;

    // Settings a user keeps between sessions (QSettings keys).
    static constexpr const char* kDeviceSetting = "training/device";
    static constexpr const char* kThreadsSetting = "training/threads";
    enum Mode { Frozen = 0, FineTuned = 1, Scratch = 2 };  // items of trainingMode()

    TrainingCharts* charts() const { return charts_; }
    QComboBox* trainingMode() const { return mode_; }
    QSpinBox* unfreezeBlocks() const { return unfreeze_; }
    QDoubleSpinBox* backboneLearningRate() const { return backboneLr_; }
    QComboBox* scratchModel() const { return scratch_; }
    QComboBox* splitChooser() const { return split_; }
    QComboBox* deviceChooser() const { return device_; }
    QSpinBox* threadsBox() const { return threads_; }
    JobRunner* runner() const { return runner_; }

Q_SIGNALS:
    void epochEnded(int epoch, int epochs);
    void runFinished(bool ok, qint64 runId, const QString& message);

private:
    void reloadBackbones();
    void reloadSplits();
    void updateModeFields();
    void onProgress(const QString& phase, qint64 done, qint64 total, double elapsed, double remaining);
    void onFinished(bool ok, const QString& message);
    void updateButtons();
    void exportCharts();

    ProjectStore* store_ = nullptr;
    QString modelsDir_;
    JobRunner* runner_;
    TrainingCharts* charts_;
    QComboBox *backbone_, *head_, *classWeights_, *augmentation_, *device_, *mode_, *scratch_, *split_;
    QSpinBox *batch_, *epochs_, *patience_, *views_, *seed_, *threads_, *unfreeze_;
    QDoubleSpinBox *learningRate_, *weightDecay_, *backboneLr_;
    QPushButton *start_, *pause_, *cancel_, *export_;
    QLabel *phase_, *epochLabel_, *timeLabel_;
    QProgressBar* progress_;
    QElapsedTimer clock_;
    std::int64_t lastRunId_ = 0;
    int epochsPlanned_ = 0;
    bool applyingConfig_ = false;
};

}  // namespace taxo::ui
